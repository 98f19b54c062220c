using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Indexing;
using MedRec.ChainIndexer.Reconciliation;
using MedRec.Grains.Abstractions.Chain;
using MedRec.Grains.Mirror;
using MedRec.Silo;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Nethereum.Signer;
using Orleans.TestingHost;

namespace MedRec.IntegrationTests;

/// <summary>A real anvil with the contracts deployed and an in-process Orleans silo hosting the mirror grains and the
/// chain-event streams; tests drive the indexer step by step.</summary>
public sealed class MirrorFixture : IAsyncLifetime, IChainWorld
{
    private InProcessTestCluster? _cluster;

    public AnvilNode Node { get; private set; } = null!;
    public Deployment Deployment { get; private set; } = null!;
    public ParticipantClient Root { get; private set; } = null!;
    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("not started");
    public IClusterClient SiloClient => Cluster.Silos[0].ServiceProvider.GetRequiredService<IClusterClient>();
    public IGrainFactory Grains => SiloClient;

    public async Task InitializeAsync()
    {
        Node = await AnvilNode.StartAsync();
        var rootKey = EthECKey.GenerateKey();
        await Node.FundAsync(rootKey.GetPublicAddress());
        var root = new ParticipantClient(Node.RpcUrl, Node.ChainId, rootKey, new ContractAddresses("", "", ""));
        Deployment = await ContractDeployer.DeployAsync(root, ChainFixture.RandomBytes32());
        Root = root.WithContracts(Deployment.Contracts);

        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddMemoryGrainStorage(MirrorStorage.Name).AddMemoryGrainStorage("PubSubStore").AddChainEventStreams());
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
        await Node.DisposeAsync();
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

    public async Task<ParticipantClient> NewAccountAsync()
    {
        var key = EthECKey.GenerateKey();
        await Node.FundAsync(key.GetPublicAddress());
        return new ParticipantClient(Node.RpcUrl, Node.ChainId, key, Deployment.Contracts);
    }
}
