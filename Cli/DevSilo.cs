using MedRec.ChainIndexer.Indexing;
using MedRec.Grains.Access;
using MedRec.Silo;
using MedRec.Silo.ServiceDefaults;
using MedRec.Silo.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MedRec.Cli;

/// <summary>The silo of the dev system, in this process: localhost clustering, memory storage rebuilt from the chain
/// on every start, and the indexer following the dev chain.</summary>
internal static class DevSilo
{
    public static async Task<IHost> StartAsync(string deploymentFile, IReadOnlyDictionary<string, string?> settings, CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{ChainIndexerOptions.Section}:DeploymentFile"] = deploymentFile,
            // The dev chain mines a block per transaction; short polls make its effects readable from the mirror within
            // tens of milliseconds (docs/benchmarks.md, freshness) for a few percent of one core while idle.
            [$"{ChainIndexerOptions.Section}:PollInterval"] = "00:00:00.020",
            [$"{ChainStreamOptions.Section}:QueuePollInterval"] = "00:00:00.020",
        }).AddInMemoryCollection(settings);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
            .AddFilter("MedRec", LogLevel.Information).AddFilter("Orleans", LogLevel.Error);
        builder.AddMedRecServiceDefaults();
        builder.UseOrleans(silo => silo.AddMedRecStorage(builder.Configuration).AddChainEventStreams(builder.Configuration));
        builder.Services.AddChainIndexer(builder.Configuration);
        builder.Services.AddMedRecAccess(builder.Configuration);
        var host = builder.Build();
        try
        {
            await host.StartAsync(ct);
            return host;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            host.Dispose();
            throw new CliError($"The dev silo did not start ({ex.Message}). Is another MedRec silo using ports 11111/30000?");
        }
    }
}
