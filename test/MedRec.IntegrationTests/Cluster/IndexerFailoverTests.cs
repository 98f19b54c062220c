using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Reconciliation;
using MedRec.Grains.Abstractions.Chain;
using MedRec.TestSupport;
using Xunit.Abstractions;

namespace MedRec.IntegrationTests.Cluster;

/// <summary>The indexer runs once per cluster and survives its silo: three silo processes on one PostgreSQL, the one
/// holding the indexer lease killed (SIGKILL) in the middle of a backfill.</summary>
[Collection(PostgresCollection.Name)]
public sealed class IndexerFailoverTests(PostgresFixture postgres, ITestOutputHelper output)
{
    [Fact]
    public async Task Killing_the_silo_that_runs_the_indexer_mid_backfill_moves_indexing_to_a_survivor_with_nothing_lost_or_applied_twice()
    {
        await using var chain = await TestChain.StartAsync();
        await new ChainScript(chain, seed: 71).RunAsync(operations: 400);
        var head = (ulong)(await chain.Node.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
        var directory = Directory.CreateTempSubdirectory("medrec-indexer-failover-").FullName;
        var key = chain.Deployment.Contracts.Registrar.ToLowerInvariant();
        var deploymentFile = Path.Combine(directory, "deployment.json");
        await DeploymentFile.WriteAsync(deploymentFile, chain.Deployment);
        await using var cluster = ProcessCluster.Create(await postgres.CreateDatabaseAsync("indexer_failover"), deploymentFile, directory, new Dictionary<string, string?>
        {
            // Small ranges: the backfill takes long enough to be interrupted.
            ["MedRec:Indexer:BlockBatchSize"] = "2",
            ["MedRec:Indexer:ReadAhead"] = "false",
            ["MedRec:Indexer:LeaseDuration"] = "00:00:05",
            ["MedRec:Indexer:LeaseRenewInterval"] = "00:00:01",
            ["MedRec:Indexer:ApplyTimeout"] = "00:00:10",
        });
        try
        {
            for (var i = 0; i < 3; i++) await cluster.StartSiloAsync();
            var checkpoints = cluster.Grains.GetGrain<IIndexerCheckpointGrain>(key);
            var leases = cluster.Grains.GetGrain<IIndexerLeaseGrain>(key);

            // Mid-backfill: some blocks applied, most not.
            var before = await PollAsync(async () => await checkpoints.GetAsync() is { } c && c.NextBlock > chain.Deployment.DeploymentBlock + 20 ? c : null,
                "the indexer to apply 20 blocks", cluster);
            var holder = await cluster.IndexerHolderAsync(key) ?? throw new InvalidOperationException($"no silo holds the indexer lease\n{cluster.Tail()}");
            var leaseBefore = (await leases.GetAsync())!;
            Assert.True(before.NextBlock <= head, $"the backfill finished (next block {before.NextBlock}, head {head}) before the kill");

            // Exactly one silo indexes: the others log that they wait, never that they start.
            cluster.Kill(holder);
            var killedAt = DateTime.UtcNow;
            output.WriteLine($"killed {holder.Name} (pid {holder.Id}) holding lease epoch {leaseBefore.Epoch} at block {before.NextBlock} of {head}");

            var leaseAfter = await PollAsync(async () => await leases.GetAsync() is { } l && l.Epoch > leaseBefore.Epoch && l.ExpiresAt > DateTimeOffset.UtcNow ? l : null,
                "a surviving silo to take the indexer lease", cluster, seconds: 120);
            var takeover = DateTime.UtcNow - killedAt;
            var newHolder = await cluster.IndexerHolderAsync(key);
            Assert.True(newHolder is not null && newHolder != holder, $"the lease went to {leaseAfter.Holder}, not to a surviving silo");

            var after = await PollAsync(async () => await checkpoints.GetAsync() is { } c && c.NextBlock > head ? c : null,
                "the new holder to finish the backfill", cluster, seconds: 180);
            output.WriteLine($"lease taken by {newHolder!.Name} (epoch {leaseAfter.Epoch}) {takeover.TotalSeconds:F1} s after the kill; backfill done {(DateTime.UtcNow - killedAt).TotalSeconds:F1} s after it");

            var report = await new MirrorReconciler(chain.Deployment, chain.Node.RpcUrl, cluster.Grains).ReconcileAsync();
            Assert.True(report.Matches, string.Join("\n", report.Differences.Take(30)));
            await MirrorAudit.AssertAppliedExactlyOnceAsync(chain, cluster.Grains);
            Assert.True(after.EventsApplied > before.EventsApplied, "the new holder applied nothing");

            var started = cluster.Silos.Concat([holder]).Select(s => (s.Name, Starts: CountIn(s.LogFile, "Chain indexer reading"))).ToList();
            Assert.True(started.Sum(s => s.Starts) == 2, $"the indexer started {started.Sum(s => s.Starts)} times (expected once before and once after the kill): {string.Join(", ", started)}");
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{ex.Message}\n{cluster.Tail()}", ex);
        }
        finally
        {
            await cluster.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static int CountIn(string file, string text)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n').Count(line => line.Contains(text, StringComparison.Ordinal));
    }

    private static async Task<T> PollAsync<T>(Func<Task<T?>> probe, string what, ProcessCluster cluster, int seconds = 90) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            try
            {
                if (await probe() is { } found) return found;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                // A grain call to a silo that just died: ask again.
            }

            if (DateTime.UtcNow > deadline) throw new TimeoutException($"waited {seconds} s for {what}\n{cluster.Tail()}");
            await Task.Delay(50);
        }
    }
}
