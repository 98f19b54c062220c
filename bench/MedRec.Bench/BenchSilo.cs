using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Indexing;
using MedRec.Grains.Abstractions.Chain;
using MedRec.Silo;
using MedRec.Silo.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MedRec.Bench;

/// <summary>
/// An in-process silo configured as Silo/Program.cs configures it (localhost clustering, memory grain storage, memory
/// chain-event streams, the hosted chain indexer), on free loopback ports, reading a bench chain's deployment.
/// </summary>
public sealed class BenchSilo : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _directory;

    private BenchSilo(IHost host, string directory)
    {
        _host = host;
        _directory = directory;
    }

    /// <summary>The silo's own client: grain calls from it stay in this process.</summary>
    public IClusterClient Client => _host.Services.GetRequiredService<IClusterClient>();

    /// <summary>When the indexer's hosted service was about to start (the silo had started).</summary>
    public IndexerStartMark IndexerStart => _host.Services.GetRequiredService<IndexerStartMark>();

    /// <param name="settings">Configuration on top of the defaults, e.g. <c>MedRec:Indexer:PollInterval</c>.</param>
    public static async Task<BenchSilo> StartAsync(
        BenchChain chain, IReadOnlyDictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("medrec-bench-").FullName;
        var deploymentFile = Path.Combine(directory, "deployment.json");
        await DeploymentFile.WriteAsync(deploymentFile, chain.Deployment, cancellationToken);

        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{ChainIndexerOptions.Section}:DeploymentFile"] = deploymentFile,
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseOrleans(silo => silo
            .AddMedRecStorage(builder.Configuration)
            .ConfigureEndpoints(IPAddress.Loopback, FreeLoopbackPort(), FreeLoopbackPort())
            .AddChainEventStreams(builder.Configuration));
        // Hosted services start in registration order: after the silo, before the indexer.
        builder.Services.AddSingleton<IndexerStartMark>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<IndexerStartMark>());
        builder.Services.AddChainIndexer(builder.Configuration);

        var host = builder.Build();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            await host.StartAsync(timeout.Token);
            return new BenchSilo(host, directory);
        }
        catch
        {
            host.Dispose();
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>Waits until the indexer's stored checkpoint is past <paramref name="block"/>: it is saved only after
    /// every mirror grain that consumes a range confirmed it applied it. Returns that checkpoint.</summary>
    public async Task<IndexerCheckpoint> WaitForCheckpointPastAsync(
        BenchChain chain, ulong block, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var grain = Client.GetGrain<IIndexerCheckpointGrain>(chain.Deployment.Contracts.Registrar.ToLowerInvariant());
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var checkpoint = await grain.GetAsync();
            if (checkpoint is not null && checkpoint.NextBlock > block) return checkpoint;
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException(
                    $"The indexer did not pass block {block} within {timeout.TotalSeconds} s (next block {checkpoint?.NextBlock}).");
            }

            await Task.Delay(2, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(timeout.Token);
        _host.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
