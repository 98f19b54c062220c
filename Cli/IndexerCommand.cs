using System.CommandLine;
using MedRec.ChainIndexer.Indexing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace MedRec.Cli;

/// <summary>`medrec indexer`: the chain indexer as its own process, an Orleans client of the silo cluster (for
/// deployments whose silos run with MedRec:Indexer:Enabled=false); the cluster is found as <see cref="ClusterConnection"/> says.</summary>
internal static class IndexerCommand
{
    public static Command Build(IAnsiConsole console)
    {
        var deploymentFile = new Option<string>("--deployment")
        {
            Description = "The deployment file.", DefaultValueFactory = _ => Path.Combine(".medrec", "deployment.json"),
        };
        var gateway = new Option<int>("--gateway-port") { Description = "The silo's gateway port.", DefaultValueFactory = _ => 30000 };
        var confirmations = new Option<int>("--confirmations") { Description = "Blocks to wait behind the head.", DefaultValueFactory = _ => 0 };
        var command = new Command("indexer", "Run the chain indexer standalone, publishing to a running silo cluster, until Ctrl-C.")
        {
            deploymentFile, gateway, confirmations,
        };
        command.SetAction((parse, ct) => CliOutput.GuardAsync(console, async () =>
        {
            if (parse.GetValue(confirmations) < 0) throw new CliError("--confirmations must not be negative.");
            using var host = await ClusterConnection.ConnectAsync(parse.GetValue(gateway), (services, configuration) =>
            {
                // The options win over the environment; the rest of MedRec:Indexer (RpcUrl, BlockBatchSize ...) may come
                // from it, as in the indexer container.
                configuration.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    [$"{ChainIndexerOptions.Section}:DeploymentFile"] = parse.GetValue(deploymentFile),
                    [$"{ChainIndexerOptions.Section}:Confirmations"] = parse.GetValue(confirmations).ToString(),
                });
                services.AddChainIndexer(configuration);
            }, ct);
            console.MarkupLine("[green]Indexer running.[/] Press Ctrl-C to stop.");
            await host.WaitForShutdownAsync(ct).ContinueWith(_ => { }, CancellationToken.None);
            await host.StopAsync(CancellationToken.None);
            return 0;
        }));
        return command;
    }
}
