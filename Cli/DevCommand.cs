using System.CommandLine;
using MedRec.ChainIndexer.Chain;
using MedRec.Grains.Records;
using MedRec.Host.Api.OpenApi;
using Microsoft.AspNetCore.Builder;
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
        var apiPort = new Option<int>("--api-port")
        {
            Description = "Loopback port for the HTTP API (0 picks a free one).",
            DefaultValueFactory = _ => 5080,
        };
        var deploymentFile = new Option<string>("--deployment")
        {
            Description = "Where to write the deployment file.",
            DefaultValueFactory = _ => Path.Combine(".medrec", "deployment.json"),
        };
        var command = new Command("dev",
            "Start the whole system on this machine: a dev chain (anvil) with the contracts deployed, the HTTP API co-hosting a silo, demo data; print the API URL and the demo identities; run until Ctrl-C.")
        {
            port, apiPort, deploymentFile,
        };
        command.SetAction((parse, ct) => CliOutput.GuardAsync(console,
            () => RunAsync(console, parse.GetValue(port), parse.GetValue(apiPort), parse.GetValue(deploymentFile)!, ct)));
        return command;
    }

    private static async Task<int> RunAsync(IAnsiConsole console, int port, int apiPort, string deploymentFile, CancellationToken ct)
    {
        if (port is < 0 or > 65535) throw new CliError($"--port must be between 0 and 65535, not {port}.");
        if (apiPort is < 0 or > 65535) throw new CliError($"--api-port must be between 0 and 65535, not {apiPort}.");

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
        // Before the host starts: its key store reads the custody keys from this file.
        await demo.WriteIdentitiesAsync(ct);
        var (app, url) = await DevApiHost.StartAsync(apiPort, deploymentFile, demo.IdentitiesFile, settings, ct);
        await using (app)
        {
            await DemoSeedProgress.SeedAsync(console, demo, deployment, address => node.FundAsync(address),
                app.Services.GetRequiredService<IProviderStoreFactory>(), ct);
            await DemoHistory.ShowAsync(console, demo, deployment, app.Services.GetRequiredService<IGrainFactory>(), ct);
            CliOutput.WriteIdentities(console, demo.Identities);
            var api = url.ToString().TrimEnd('/');
            console.MarkupLineInterpolated($"[green]MedRec dev system is running.[/] API: [blue]{api}[/]  API page: [blue]{api}{OpenApiExtensions.InteractivePath}[/]");
            console.MarkupLineInterpolated($"Web apps: patient view [blue]{api}/#/patient[/], physician app [blue]{api}/#/physician[/] (sign in with the identities file {demo.IdentitiesFile}).");
            console.MarkupLineInterpolated($"Try [blue]medrec read --api {api} --as \"{DemoData.ViewerName}\" --patient \"{demo.NameOf(DemoData.Address(demo.PatientKeys[0]))}\" --provider \"{demo.NameOf(DemoData.Address(demo.ProviderKeys[0]))}\"[/], or [blue]medrec verify[/] to compare the mirror with the chain. Press Ctrl-C to stop.");

            // Ctrl-C cancels ct (System.CommandLine); the host's own console lifetime may see it first and stop the app.
            var stopping = app.Lifetime.ApplicationStopping;
            using var either = CancellationTokenSource.CreateLinkedTokenSource(ct, stopping);
            try
            {
                await Task.Delay(Timeout.Infinite, either.Token);
            }
            catch (OperationCanceledException)
            {
                console.MarkupLine("Stopping the API, the silo and the dev chain.");
            }

            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await app.StopAsync(timeout.Token);
        }

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
