using System.CommandLine;
using System.Text.Json;
using MedRec.ChainIndexer.Chain;
using MedRec.Grains.Abstractions.Audit;
using MedRec.Grains.Audit;
using MedRec.Host.Api;
using Spectre.Console;

namespace MedRec.Cli;

/// <summary>`medrec verify-audit-proof`: checks an audit entry's inclusion proof against the chain (ADR 0010).</summary>
internal static class VerifyAuditProofCommand
{
    /// <summary>Exit code of a proof that does not verify; 2 stays bad input.</summary>
    public const int NotVerified = 1;

    public static Command Build(IAnsiConsole console)
    {
        var file = new Option<string>("--file") { Description = "The proof (JSON), as GET /api/patients/{patient}/audit/{entryId}/proof answers it.", Required = true };
        var rpc = new Option<string?>("--rpc") { Description = "A node of the chain (JSON-RPC URL); the deployment file's by default." };
        var deploymentFile = new Option<string>("--deployment")
        {
            Description = "The deployment file: where the AuditAnchors contract is (else the contract the proof names).",
            DefaultValueFactory = _ => Path.Combine(".medrec", "deployment.json"),
        };
        var command = new Command("verify-audit-proof",
            "Check an audit entry's inclusion proof: recompute its leaf, fold the sibling path and compare the root with the provider's anchor on chain; exit 1 when any check fails.")
        {
            file, rpc, deploymentFile,
        };
        command.SetAction((parse, ct) => CliOutput.GuardAsync(console,
            () => RunAsync(console, parse.GetValue(file)!, parse.GetValue(rpc), parse.GetValue(deploymentFile)!, ct)));
        return command;
    }

    private static async Task<int> RunAsync(IAnsiConsole console, string file, string? rpc, string deploymentFile, CancellationToken ct)
    {
        if (!File.Exists(file)) throw new CliError($"No proof file at '{file}'.");
        AuditProof proof;
        try
        {
            proof = JsonSerializer.Deserialize<AuditProof>(await File.ReadAllTextAsync(file, ct), ApiJson.Options)
                ?? throw new CliError($"'{file}' holds JSON null, not an audit proof.");
        }
        catch (JsonException e)
        {
            throw new CliError($"'{file}' is not an audit proof: {e.Message}");
        }

        if (proof.Entry?.Entry is null || proof.Anchor is null || proof.Path is null) throw new CliError($"'{file}' is not an audit proof: entry, path or anchor missing.");
        var deployment = File.Exists(deploymentFile) ? await DeploymentFile.ReadAsync(deploymentFile, ct) : null;
        var rpcUrl = rpc ?? deployment?.RpcUrl
            ?? throw new CliError($"Give --rpc: there is no deployment file at '{deploymentFile}' to take the chain's URL from.");
        if (!Uri.TryCreate(rpcUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliError($"--rpc must be an http(s) URL, not '{rpcUrl}'.");
        }

        var contract = deployment is { Contracts.AuditAnchors: { Length: > 0 } fromFile } && deployment.ChainId == proof.ChainId ? fromFile : proof.Anchor.ContractAddress;
        if (!Grains.Signing.AccessRequestFormat.IsAddress(contract)) throw new CliError($"No AuditAnchors contract to check against (the proof names '{contract}').");
        if (deployment?.Contracts.AuditAnchors is not { Length: > 0 })
        {
            console.MarkupLineInterpolated($"[yellow]No deployment file names the AuditAnchors contract; checking against {contract}, the contract the proof names.[/]");
        }

        IReadOnlyList<AuditProofCheck> checks;
        try
        {
            checks = await AuditProofVerifier.VerifyAsync(proof, new Nethereum.Web3.Web3(rpcUrl), contract, ct);
        }
        catch (Exception e) when (e is HttpRequestException or Nethereum.JsonRpc.Client.RpcClientUnknownException or Nethereum.JsonRpc.Client.RpcClientTimeoutException)
        {
            throw new CliError($"The chain at {rpcUrl} cannot be reached: {e.Message}");
        }

        var entry = proof.Entry.Entry;
        console.MarkupLineInterpolated(
            $"Audit entry [blue]{entry.Id}[/] (seq {proof.Entry.Seq}) at {entry.Provider}: {entry.Asker} {entry.Action} {(entry.Granted ? "granted" : "denied")} at {entry.Time:O}; anchor {proof.Anchor.Index} (seq {proof.Anchor.FirstSeq}..{proof.Anchor.LastSeq}).");
        foreach (var check in checks)
        {
            if (check.Passed) console.MarkupLineInterpolated($"  [green]ok[/] {check.Name}: {check.Detail}");
            else console.MarkupLineInterpolated($"  [red]fails[/] {check.Name}: {check.Detail}");
        }

        if (checks.All(c => c.Passed))
        {
            console.MarkupLine("[green]The audit entry is in the provider's anchored audit log, unchanged.[/]");
            return 0;
        }

        console.MarkupLine("[red]The proof does not verify: the audit entry or its log differ from what the provider anchored on chain.[/]");
        return NotVerified;
    }
}
