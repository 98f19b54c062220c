using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Indexing;
using MedRec.ChainIndexer.Reconciliation;
using MedRec.Grains.Abstractions.Chain;
using MedRec.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace MedRec.IntegrationTests;

/// <summary>The MedRec silo as it runs in production: mirror grains on PostgreSQL (ADO.NET), chain-event streams and
/// the indexer as a hosted service, restarted in the middle of a backfill.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SiloRestartTests(PostgresFixture postgres) : IAsyncLifetime, IChainWorld
{
    private readonly string _directory = Directory.CreateTempSubdirectory("medrec-silo-").FullName;

    private TestChain? _chain;

    private TestChain Chain => _chain ?? throw new InvalidOperationException("not started");
    public AnvilNode Node => Chain.Node;
    public Deployment Deployment => Chain.Deployment;
    public ParticipantClient Root => Chain.Root;

    public async Task InitializeAsync() => _chain = await TestChain.StartAsync();

    public async Task DisposeAsync()
    {
        if (_chain is not null) await _chain.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    public Task<ParticipantClient> NewAccountAsync() => Chain.NewAccountAsync();

    [Fact]
    public async Task A_silo_restarted_mid_backfill_resumes_from_PostgreSQL_and_the_mirror_equals_the_chain()
    {
        await new ChainScript(this, seed: 23).RunAsync(operations: 500);
        var head = (ulong)(await Node.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
        var deploymentFile = Path.Combine(_directory, "deployment.json");
        await DeploymentFile.WriteAsync(deploymentFile, Deployment);
        var settings = Settings(await postgres.CreateDatabaseAsync("silo_backfill"), deploymentFile);
        var checkpointKey = Deployment.Contracts.Registrar.ToLowerInvariant();

        IndexerCheckpoint stoppedAt;
        await using (var first = await TestSilo.StartAsync(settings, mirror: true))
        {
            stoppedAt = await WaitForAsync(first, checkpointKey, c => c.NextBlock > Deployment.DeploymentBlock + 100, "a tenth of the backfill");
        }

        Assert.True(stoppedAt.NextBlock <= head, $"the first silo finished the backfill (next block {stoppedAt.NextBlock}, head {head}) before it was stopped");

        await using var second = await TestSilo.StartAsync(settings, mirror: true);
        var resumedFrom = await second.Grains.GetGrain<IIndexerCheckpointGrain>(checkpointKey).GetAsync();
        Assert.True(resumedFrom!.NextBlock >= stoppedAt.NextBlock, "the checkpoint did not come back from PostgreSQL");
        await WaitForAsync(second, checkpointKey, c => c.NextBlock > head, "the end of the backfill");

        var report = await new MirrorReconciler(Deployment, Node.RpcUrl, second.Grains).ReconcileAsync();
        Assert.True(report.Matches, string.Join("\n", report.Differences.Take(30)));
        await MirrorAudit.AssertAppliedExactlyOnceAsync(this, second.Grains);
        var worker = second.Services.GetRequiredService<ChainIndexerWorker>();
        Assert.True(worker.Service is not null, "the indexer did not run as the silo's hosted service");
    }

    private static async Task<IndexerCheckpoint> WaitForAsync(TestSilo silo, string key, Func<IndexerCheckpoint, bool> done, string what)
    {
        var grain = silo.Grains.GetGrain<IIndexerCheckpointGrain>(key);
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            if (await grain.GetAsync() is { } checkpoint && done(checkpoint)) return checkpoint;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the hosted indexer did not reach {what} within 120 s");
            await Task.Delay(20);
        }
    }

    private static Dictionary<string, string?> Settings(string connectionString, string deploymentFile) => new()
    {
        ["Orleans:ClusterId"] = $"cluster-{Guid.NewGuid():N}",
        ["Orleans:ServiceId"] = $"medrec-{Guid.NewGuid():N}",
        ["MedRec:Storage:Provider"] = "PostgreSql",
        ["MedRec:Storage:ConnectionString"] = connectionString,
        ["MedRec:Storage:ApplySchema"] = "true",
        ["MedRec:Indexer:DeploymentFile"] = deploymentFile,
        ["MedRec:Indexer:BlockBatchSize"] = "10",
        ["MedRec:Indexer:PollInterval"] = "00:00:00.010",
    };
}
