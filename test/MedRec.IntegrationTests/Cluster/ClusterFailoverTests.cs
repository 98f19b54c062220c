using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Reconciliation;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Chain;
using MedRec.Grains.Abstractions.Mirror;
using MedRec.Grains.Records;
using MedRec.Host.Api.Client;
using MedRec.Host.Api.Contracts;
using MedRec.IntegrationTests.Access;
using MedRec.TestSupport;
using Nethereum.Signer;
using Xunit.Abstractions;

namespace MedRec.IntegrationTests.Cluster;

/// <summary>
/// A hospital's cluster for real: three silo processes and one API host process (an Orleans client) on one PostgreSQL,
/// under a steady load of signed reads and record writes over HTTP; one silo is killed (SIGKILL) mid-load, then the
/// whole cluster is restarted.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterFailoverTests(PostgresFixture postgres, ITestOutputHelper output)
{
    // Readers read their own first record; the writer adds records for the others only, so a read never races the
    // write of its own slice (between a store write and its new hash on chain, the slice reads as integrity-failed).
    private const int Readers = 4;
    private const int Written = 2;
    private const int Patients = Readers + Written;

    [Fact]
    public async Task A_silo_killed_under_load_loses_no_acknowledged_write_and_a_restarted_cluster_comes_back_from_PostgreSQL()
    {
        await using var chain = await TestChain.StartAsync();
        var directory = Directory.CreateTempSubdirectory("medrec-cluster-").FullName;
        var deploymentFile = Path.Combine(directory, "deployment.json");
        await DeploymentFile.WriteAsync(deploymentFile, chain.Deployment);
        var database = await postgres.CreateDatabaseAsync("cluster_failover");

        var hospital = EthECKey.GenerateKey();
        await chain.Node.FundAsync(hospital.GetPublicAddress());
        await chain.Root.RegisterProviderAsync(hospital.GetPublicAddress(), RandomNumberGenerator.GetBytes(32), "https://hospital.example.org/fhir");
        var patients = Enumerable.Range(0, Patients).Select(_ => EthECKey.GenerateKey()).ToList();
        foreach (var patient in patients) await chain.Node.FundAsync(patient.GetPublicAddress());
        var identities = Path.Combine(directory, "identities.json");
        await File.WriteAllTextAsync(identities, JsonSerializer.Serialize(
            patients.Prepend(hospital).Select(k => new { role = "test", name = "cluster test", address = Address(k), privateKey = Convert.ToHexStringLower(k.GetPrivateKeyAsBytes()) })));

        var store = $"{ProviderStoreOptions.SectionName}:{Address(hospital)}";
        var settings = new Dictionary<string, string?>
        {
            ["MedRec:KeyStore:IdentitiesFile"] = identities,
            [$"{store}:Kind"] = "PostgreSql",
            [$"{store}:ConnectionString"] = database,
            [$"{store}:Schema"] = "hospital",
            ["MedRec:Indexer:LeaseDuration"] = "00:00:05",
            ["MedRec:Indexer:LeaseRenewInterval"] = "00:00:01",
            ["MedRec:Indexer:ApplyTimeout"] = "00:00:10",
            ["MedRec:Api:Limits:RateLimiting"] = "false",
        };
        var cluster = ProcessCluster.Create(database, deploymentFile, directory, settings);
        try
        {
            for (var i = 0; i < 3; i++) await cluster.StartSiloAsync();
            var api = await cluster.StartApiAsync();
            MedRecApiClient Client(EthECKey key) => new(new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(10) }, key);
            var asHospital = Client(hospital);

            // Each patient registers, and the hospital publishes a first record for each.
            var pointers = new List<string>();
            foreach (var patient in patients)
            {
                var asPatient = Client(patient);
                await asPatient.WaitForAppliedAsync(await asPatient.RegisterPatientAsync("0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))));
                var added = await asHospital.AddProviderRecordsAsync(Address(patient), TestRecords.Some(1).Select(FhirJson.Serialize));
                await asHospital.WaitForAppliedAsync(added);
                pointers.Add(added.Pointers![0].PointerId);
            }

            // Steady load: every patient reads their record in a loop, the hospital adds records in another.
            var outcomes = new ConcurrentQueue<(TimeSpan At, bool Ok, string What)>();
            var acknowledged = new ConcurrentQueue<(string Patient, OperationAccepted Write)>();
            var clock = Stopwatch.StartNew();
            using var stopLoad = new CancellationTokenSource();
            var readers = patients.Take(Readers).Select((patient, i) => Task.Run(async () =>
            {
                var asPatient = Client(patient);
                while (!stopLoad.IsCancellationRequested)
                {
                    try
                    {
                        var answer = await asPatient.ReadPointerAsync(Address(patient), Address(hospital), pointers[i]);
                        var ok = answer.Outcome == ProviderOutcome.Ok && answer.Pointers.All(p => p.Verdict == IntegrityVerdict.Verified);
                        outcomes.Enqueue((clock.Elapsed, ok, ok ? "read" : $"read {answer.Outcome} {answer.Reason}"));
                    }
                    catch (Exception ex)
                    {
                        outcomes.Enqueue((clock.Elapsed, false, $"read {ex.GetType().Name}: {ex.Message}"));
                        await Task.Delay(50);
                    }
                }
            })).ToList();
            var writer = Task.Run(async () =>
            {
                var next = 0;
                while (!stopLoad.IsCancellationRequested)
                {
                    var patient = Address(patients[Readers + next++ % Written]);
                    try
                    {
                        acknowledged.Enqueue((patient, await asHospital.AddProviderRecordsAsync(patient, TestRecords.Some(1).Select(FhirJson.Serialize))));
                        outcomes.Enqueue((clock.Elapsed, true, "write"));
                    }
                    catch (Exception ex)
                    {
                        outcomes.Enqueue((clock.Elapsed, false, $"write {ex.GetType().Name}: {ex.Message}"));
                    }

                    await Task.Delay(100);
                }
            });

            await Task.Delay(TimeSpan.FromSeconds(5));
            var key = chain.Deployment.Contracts.Registrar.ToLowerInvariant();
            var indexer = await cluster.IndexerHolderAsync(key);
            var victim = cluster.Silos.First(s => s != indexer);
            cluster.Kill(victim);
            var killedAt = clock.Elapsed;

            // Run until the load has been clean for 5 s (at least 10 s after the kill), or give up after 120 s.
            TimeSpan LastError() => outcomes.Where(o => !o.Ok).Select(o => o.At).DefaultIfEmpty(TimeSpan.Zero).Max();
            while (clock.Elapsed - killedAt < TimeSpan.FromSeconds(120)
                   && (clock.Elapsed - killedAt < TimeSpan.FromSeconds(10) || clock.Elapsed - Max(LastError(), killedAt) < TimeSpan.FromSeconds(5)))
            {
                await Task.Delay(200);
            }

            stopLoad.Cancel();
            await Task.WhenAll(readers.Append(writer));
            var all = outcomes.ToList();
            var errors = all.Where(o => !o.Ok && o.At >= killedAt).ToList();
            var recovery = errors.Count == 0 ? TimeSpan.Zero : errors.Max(o => o.At) - killedAt;
            var reads = all.Count(o => o.What == "read");
            output.WriteLine($"killed {victim.Name} (indexer on {indexer?.Name}) at {killedAt.TotalSeconds:F1} s; {all.Count} requests, {reads} reads ok, {acknowledged.Count} writes acknowledged; " +
                             $"{errors.Count} errors after the kill, the last {recovery.TotalSeconds:F1} s after it");
            foreach (var kind in errors.GroupBy(e => e.What.Length > 120 ? e.What[..120] : e.What).Take(8)) output.WriteLine($"  {kind.Count()} x {kind.Key}");
            Assert.True(clock.Elapsed - Max(LastError(), killedAt) >= TimeSpan.FromSeconds(5), $"errors did not stop within 120 s of the kill (last at {LastError().TotalSeconds:F1} s)");
            Assert.True(all.Count(o => o.Ok && o.At > Max(LastError(), killedAt)) > 20, "too few requests succeeded after the recovery");
            Assert.True(all.Count(o => o.Ok && o.At < killedAt) > 20, "too few requests succeeded before the kill");
            // A request caught by the dying silo is a retryable 503 cluster-unavailable, never a 500.
            Assert.DoesNotContain(errors, e => e.What.Contains("500 internal-error", StringComparison.Ordinal));

            // No acknowledged write is lost: each is applied, and its record reads back verified.
            Assert.True(acknowledged.Count > 10, $"only {acknowledged.Count} writes were acknowledged");
            foreach (var (_, write) in acknowledged) await asHospital.WaitForAppliedAsync(write, TimeSpan.FromSeconds(60));
            foreach (var group in acknowledged.GroupBy(a => a.Patient))
            {
                var (patient, writes) = (group.Key, group.ToList());
                var answer = await Client(patients.Single(p => Address(p) == patient)).ReadProviderRecordsAsync(patient, Address(hospital));
                var verified = answer.Pointers.Where(p => p.Verdict == IntegrityVerdict.Verified).Select(p => p.PointerId).ToHashSet();
                var missing = writes.SelectMany(w => w.Write.Pointers!).Select(p => p.PointerId).Where(id => !verified.Contains(id)).ToList();
                Assert.True(missing.Count == 0, $"{missing.Count} acknowledged records of {patient} do not read back verified: {string.Join(", ", missing.Take(5))}");
            }

            var report = await new MirrorReconciler(chain.Deployment, chain.Node.RpcUrl, cluster.Grains).ReconcileAsync();
            Assert.True(report.Matches, string.Join("\n", report.Differences.Take(30)));
            await MirrorAudit.AssertAppliedExactlyOnceAsync(chain, cluster.Grains);

            // The whole cluster restarted: the mirror comes back from PostgreSQL, nothing is indexed again.
            var checkpointBefore = (await cluster.Grains.GetGrain<IIndexerCheckpointGrain>(key).GetAsync())!;
            await cluster.StopAllAsync();
            var restart = Stopwatch.StartNew();
            for (var i = 0; i < 3; i++) await cluster.StartSiloAsync();
            foreach (var patient in patients)
            {
                var view = await cluster.Grains.Relationship(Address(patient), Address(hospital)).GetAsync();
                Assert.True(view.Pointers.Count > 1, $"the restarted mirror shows {view.Pointers.Count} pointers of {Address(patient)}");
            }

            var restarted = restart.Elapsed;
            var checkpointAfter = (await cluster.Grains.GetGrain<IIndexerCheckpointGrain>(key).GetAsync())!;
            Assert.True(checkpointAfter.NextBlock >= checkpointBefore.NextBlock, "the checkpoint did not come back from PostgreSQL");
            Assert.True(checkpointAfter.EventsApplied == checkpointBefore.EventsApplied,
                $"the restarted cluster applied events again ({checkpointBefore.EventsApplied} before, {checkpointAfter.EventsApplied} after), with nothing new on chain");
            report = await new MirrorReconciler(chain.Deployment, chain.Node.RpcUrl, cluster.Grains).ReconcileAsync();
            Assert.True(report.Matches, string.Join("\n", report.Differences.Take(30)));
            await MirrorAudit.AssertAppliedExactlyOnceAsync(chain, cluster.Grains);
            await cluster.StopAllAsync();

            // The same mirror from nothing (a fresh database): a full re-index, for comparison.
            await using var fresh = ProcessCluster.Create(await postgres.CreateDatabaseAsync("cluster_reindex"), deploymentFile, directory, settings);
            var reindex = Stopwatch.StartNew();
            await fresh.StartSiloAsync();
            var head = (ulong)(await chain.Node.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while ((await fresh.Grains.GetGrain<IIndexerCheckpointGrain>(key).GetAsync())?.NextBlock is not { } next || next <= head)
            {
                Assert.True(DateTime.UtcNow < deadline, "a fresh cluster did not index the chain within 120 s");
                await Task.Delay(50);
            }

            output.WriteLine($"restart of 3 silos from PostgreSQL until every relationship reads: {restarted.TotalSeconds:F1} s; " +
                             $"one fresh silo re-indexing {checkpointBefore.EventsApplied} events from nothing: {reindex.Elapsed.TotalSeconds:F1} s");
        }
        catch (Exception)
        {
            output.WriteLine(cluster.Tail(60));
            throw;
        }
        finally
        {
            await cluster.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Address(EthECKey key) => key.GetPublicAddress().ToLowerInvariant();

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
