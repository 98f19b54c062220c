using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Indexing;
using MedRec.ChainIndexer.Reconciliation;
using MedRec.Grains.Abstractions.Chain;
using MedRec.Grains.Access;
using MedRec.Grains.Mirror;
using MedRec.Silo;
using MedRec.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.TestingHost;

namespace MedRec.IntegrationTests;

/// <summary>A real anvil with the contracts deployed and an in-process Orleans silo hosting the mirror grains and the
/// chain-event streams; tests drive the indexer step by step.</summary>
public sealed class MirrorFixture : IAsyncLifetime, IChainWorld
{
    private InProcessTestCluster? _cluster;

    private TestChain? _chain;

    private TestChain Chain => _chain ?? throw new InvalidOperationException("not started");
    public AnvilNode Node => Chain.Node;
    public Deployment Deployment => Chain.Deployment;
    public ParticipantClient Root => Chain.Root;
    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("not started");
    public IClusterClient SiloClient => Cluster.Silos[0].ServiceProvider.GetRequiredService<IClusterClient>();
    public IGrainFactory Grains => SiloClient;

    public async Task InitializeAsync()
    {
        _chain = await TestChain.StartAsync();

        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo
            .AddMemoryGrainStorage(MirrorStorage.Name).AddMemoryGrainStorage(AccessStorage.Name).AddMemoryGrainStorage("PubSubStore")
            .AddChainEventStreams());
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
        if (_chain is not null) await _chain.DisposeAsync();
    }

    public ChainIndexerOptions Options(int confirmations = 0, int batch = 2_000) => new()
    {
        Confirmations = confirmations, BlockBatchSize = batch, ReorgWindow = 256, ApplyTimeout = TimeSpan.FromSeconds(30),
    };

    /// <summary>A fresh indexer instance, as after a process restart: it knows only what its checkpoint grain holds.</summary>
    public ChainIndexerService NewIndexer(ChainIndexerOptions? options = null, IChainLogSource? source = null, IndexerMetrics? metrics = null) =>
        new(Deployment, options ?? Options(), source ?? new RpcChainLogSource(Node.RpcUrl), new MirrorPublisher(SiloClient),
            Grains.GetGrain<IIndexerCheckpointGrain>(Deployment.Contracts.Registrar.ToLowerInvariant()),
            metrics ?? NewMetrics(), NullLogger<ChainIndexerService>.Instance);

    public static IndexerMetrics NewMetrics() => new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());

    public static async Task CatchUpAsync(ChainIndexerService indexer, int maxSteps = 2_000)
    {
        for (var step = 0; step < maxSteps; step++)
        {
            if (!await indexer.RunOnceAsync(CancellationToken.None)) return;
        }

        throw new InvalidOperationException(
            $"the indexer did not catch up within {maxSteps} steps; next block {indexer.Checkpoint?.NextBlock}, recent {string.Join(",", indexer.Checkpoint?.Recent.Select(b => b.Number) ?? [])}");
    }

    public Task<ReconciliationReport> ReconcileAsync() => new MirrorReconciler(Deployment, Node.RpcUrl, Grains).ReconcileAsync();

    public Task<ParticipantClient> NewAccountAsync() => Chain.NewAccountAsync();
}
