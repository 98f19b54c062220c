using System.CommandLine;
using MedRec.ChainIndexer.Chain;
using MedRec.Grains.Records;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Signer;
using Spectre.Console;

namespace MedRec.Cli;

/// <summary>`medrec dev`: a local MedRec system on this machine (for now: anvil with the contracts deployed).</summary>
internal static class DevCommand
{
    public static Command Build(IAnsiConsole console)
    {
        var port = new Option<int>("--port")
        {
            Description = "Loopback port for the dev chain's JSON-RPC (0 picks a free one).",
            DefaultValueFactory = _ => 8545,
        };
        var deploymentFile = new Option<string>("--deployment")
        {
            Description = "Where to write the deployment file.",
            DefaultValueFactory = _ => Path.Combine(".medrec", "deployment.json"),
        };
        var command = new Command("dev", "Start a local dev chain (anvil), deploy the MedRec contracts, print their addresses, run until Ctrl-C.")
        {
            port, deploymentFile,
        };
        command.SetAction((parse, ct) => CliOutput.GuardAsync(console,
            () => RunAsync(console, parse.GetValue(port), parse.GetValue(deploymentFile)!, ct)));
        return command;
    }

    private static async Task<int> RunAsync(IAnsiConsole console, int port, string deploymentFile, CancellationToken ct)
    {
        if (port is < 0 or > 65535) throw new CliError($"--port must be between 0 and 65535, not {port}.");

        await using var node = await StartNodeAsync(port, ct);
        // A fresh key for every dev run: no key is kept in the repository, and none is printed.
        var rootKey = EthECKey.GenerateKey();
        await node.FundAsync(rootKey.GetPublicAddress());
        var root = new ParticipantClient(node.RpcUrl, node.ChainId, rootKey, new ContractAddresses("", "", ""));
        var rootIdentity = IdentityCommitment.Create(DemoData.CertifierName, IdentityCommitment.NewSalt());

        var deployment = await ContractDeployer.DeployAsync(root, rootIdentity, ct);
        await DeploymentFile.WriteAsync(deploymentFile, deployment, ct);

        CliOutput.WriteDeployment(console, deployment, deploymentFile);

        var demo = DemoData.Create(Path.GetDirectoryName(Path.GetFullPath(deploymentFile))!, rootKey);
        var settings = demo.HostSettings();
        await demo.WriteIdentitiesAsync(ct);
        using var silo = await DevSilo.StartAsync(deploymentFile, settings, ct);
        await DemoSeedProgress.SeedAsync(console, demo, deployment, address => node.FundAsync(address),
            silo.Services.GetRequiredService<IProviderStoreFactory>(), ct);
        await DemoHistory.ShowAsync(console, demo, deployment, silo.Services.GetRequiredService<IGrainFactory>(), ct);
        CliOutput.WriteIdentities(console, demo.Identities);
        console.MarkupLine("[green]MedRec dev system is running:[/] the chain above, and a silo (gateway port 30000) whose indexer mirrors it.");
        console.MarkupLine("Check the mirror with [blue]medrec verify[/]. Press Ctrl-C to stop.");
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
            console.MarkupLine("Stopping the silo and the dev chain.");
        }

        await silo.StopAsync(CancellationToken.None);

        return 0;
    }

    private static async Task<AnvilNode> StartNodeAsync(int port, CancellationToken ct)
    {
        try
        {
            return await AnvilNode.StartAsync(port, ct);
        }
        catch (InvalidOperationException ex)
        {
            throw new CliError($"{ex.Message} Is port {port} already in use? Try --port 0.");
        }
    }
}
