using System.CommandLine;
using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Reconciliation;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace MedRec.Cli;

/// <summary>`medrec verify`: read the chain directly and compare every entity with its mirror grain.</summary>
internal static class VerifyCommand
{
    public static Command Build(IAnsiConsole console)
    {
        var deploymentFile = new Option<string>("--deployment")
        {
            Description = "The deployment file.", DefaultValueFactory = _ => Path.Combine(".medrec", "deployment.json"),
        };
        var gateway = new Option<int>("--gateway-port") { Description = "The silo's gateway port.", DefaultValueFactory = _ => 30000 };
        var command = new Command("verify",
            "Compare every patient, provider and relationship on chain with its mirror grain; exit 1 when they differ.")
        {
            deploymentFile, gateway,
        };
        command.SetAction((parse, ct) => CliOutput.GuardAsync(console,
            () => RunAsync(console, parse.GetValue(deploymentFile)!, parse.GetValue(gateway), ct)));
        return command;
    }

    private static async Task<int> RunAsync(IAnsiConsole console, string deploymentFile, int gatewayPort, CancellationToken ct)
    {
        var deployment = await DeploymentFile.ReadAsync(deploymentFile, ct);
        using var host = await ClusterConnection.ConnectAsync(gatewayPort, null, ct);
        var grains = host.Services.GetRequiredService<IClusterClient>();

        var report = await new MirrorReconciler(deployment, deployment.RpcUrl, grains).ReconcileAsync(ct);
        console.MarkupLineInterpolated(
            $"Compared at block {report.Head}: {report.Patients} patients, {report.Providers} providers, {report.Relationships} relationships, {report.Pointers} pointers, {report.Grants} grants.");
        foreach (var difference in report.Differences) console.MarkupLineInterpolated($"[red]differs:[/] {difference}");
        if (report.Matches) console.MarkupLine("[green]The mirror equals the chain.[/]");
        return report.Matches ? 0 : 1;
    }
}
