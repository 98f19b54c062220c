using System.CommandLine;
using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Contracts.Relationships;
using MedRec.ChainIndexer.Indexing;
using MedRec.Grains.Receipts;
using Spectre.Console;

namespace MedRec.Cli;

/// <summary>`medrec verify-receipt`: checks a gatekeeper's decision receipt against the chain alone (ADR 0009).</summary>
internal static class VerifyReceiptCommand
{
    /// <summary>Exit code of a receipt that does not verify (a reorged block included); 2 stays bad input.</summary>
    public const int NotVerified = 1;

    public static Command Build(IAnsiConsole console)
    {
        var file = new Option<string>("--file") { Description = "The receipt (JSON), as `medrec read --save-receipt` writes it.", Required = true };
        var rpc = new Option<string?>("--rpc") { Description = "A node of the chain (JSON-RPC URL); the deployment file's by default." };
        var deploymentFile = new Option<string>("--deployment")
        {
            Description = "The deployment file (contracts, first block); without it, --rpc and the contracts the receipt's PPR names.",
            DefaultValueFactory = _ => Path.Combine(".medrec", "deployment.json"),
        };
        var command = new Command("verify-receipt",
            "Check a decision receipt against the chain: the provider's signature, its registration, that the block is still canonical, and the receipt's claims at that block; exit 1 when any fails.")
        {
            file, rpc, deploymentFile,
        };
        command.SetAction((parse, ct) => CliOutput.GuardAsync(console,
            () => RunAsync(console, parse.GetValue(file)!, parse.GetValue(rpc), parse.GetValue(deploymentFile)!, ct)));
        return command;
    }

    private static async Task<int> RunAsync(IAnsiConsole console, string file, string? rpc, string deploymentFile, CancellationToken ct)
    {
        var receipts = await ReceiptFile.ReadAsync(file, ct);
        var deployment = File.Exists(deploymentFile) ? await DeploymentFile.ReadAsync(deploymentFile, ct) : null;
        var rpcUrl = rpc ?? deployment?.RpcUrl
            ?? throw new CliError($"Give --rpc: there is no deployment file at '{deploymentFile}' to take the chain's URL from.");
        if (!Uri.TryCreate(rpcUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliError($"--rpc must be an http(s) URL, not '{rpcUrl}'.");
        }

        var failed = 0;
        foreach (var receipt in receipts)
        {
            var (contracts, fromBlock, chainId) = await ResolveAsync(rpcUrl, deployment, receipt.VerifyingContract, ct);
            var report = await new ReceiptVerifier(new RpcChainLogSource(rpcUrl), contracts, fromBlock).VerifyAsync(receipt, chainId, ct);
            console.MarkupLineInterpolated(
                $"Receipt of [blue]{receipt.Provider}[/] for asker {receipt.Asker}, patient {receipt.Patient}: {receipt.Outcome}{(receipt.Reason is "" ? "" : $" ({receipt.Reason})")}, {receipt.Pointers.Count} pointer(s), block {receipt.BlockNumber}.");
            foreach (var line in report.Passed) console.MarkupLineInterpolated($"  [green]ok[/] {line}");
            foreach (var line in report.Failures) console.MarkupLineInterpolated($"  [red]{(report.Reorged ? "reorged" : "fails")}:[/] {line}");
            if (report.Verified) console.MarkupLine("[green]The receipt verifies against the chain.[/]");
            else failed++;
        }

        if (failed > 0) console.MarkupLineInterpolated($"[red]{failed} of {receipts.Count} receipt(s) do not verify.[/]");
        return failed == 0 ? 0 : NotVerified;
    }

    /// <summary>The contracts and the first block to read logs from: the deployment file's when it is the receipt's
    /// deployment, else the Registrar and Summary the receipt's PPR names, from block 0.</summary>
    private static async Task<(ContractAddresses Contracts, ulong FromBlock, long ChainId)> ResolveAsync(
        string rpcUrl, Deployment? deployment, string relationships, CancellationToken ct)
    {
        var web3 = new Nethereum.Web3.Web3(rpcUrl);
        long chainId;
        try
        {
            chainId = (long)(await web3.Eth.ChainId.SendRequestAsync()).Value;
        }
        catch (Exception e) when (e is HttpRequestException or Nethereum.JsonRpc.Client.RpcClientUnknownException or Nethereum.JsonRpc.Client.RpcClientTimeoutException)
        {
            throw new CliError($"The chain at {rpcUrl} cannot be reached: {e.Message}");
        }

        if (deployment is not null && deployment.ChainId == chainId
            && string.Equals(deployment.Contracts.Relationships, relationships, StringComparison.OrdinalIgnoreCase))
        {
            return (deployment.Contracts, deployment.DeploymentBlock, chainId);
        }

        if (!Grains.Signing.AccessRequestFormat.IsAddress(relationships)) throw new CliError($"The receipt's verifyingContract '{relationships}' is not an address.");
        try
        {
            var registrar = await web3.Eth.GetContractQueryHandler<RelationshipsRegistrarFunction>().QueryAsync<string>(relationships, new RelationshipsRegistrarFunction());
            var summary = await web3.Eth.GetContractQueryHandler<RelationshipsSummaryFunction>().QueryAsync<string>(relationships, new RelationshipsSummaryFunction());
            return (new ContractAddresses(registrar, summary, relationships), 0, chainId);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new CliError($"No MedRec relationships contract at {relationships} on {rpcUrl}: {e.Message}");
        }
    }
}
