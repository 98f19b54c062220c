using System.Collections.Concurrent;
using System.Diagnostics;
using MedRec.ChainIndexer.Chain;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Chain;
using MedRec.Grains.Abstractions.Mirror;
using MedRec.Grains.Publishing;
using MedRec.Grains.Records;
using MedRec.Grains.Records.Synthetic;
using MedRec.Grains.Signing;
using MedRec.TestSupport;
using Microsoft.Extensions.Options;
using Orleans.Core.Internal;
using Orleans.Runtime;
using static MedRec.Bench.Measurements;

namespace MedRec.Bench;

/// <summary>
/// Issue 7: the cluster as a hospital network runs it. Silo/ as separate processes (<see cref="ProcessCluster"/>) on
/// one PostgreSQL (clustering, grain storage), the provider stores in another database of the same server, one anvil.
/// (1) Signed gatekeeper reads of one pointer (<c>IGatekeeperGrain.ReadAsync</c> through this process's Orleans client,
/// so no API process is measured) under a closed loop of <see cref="Callers"/> callers with 1, 2 and 3 silos, next to
/// the bare PostgreSQL query of the same pointers. (2) With 3 silos under that load, one silo (not the indexer's lease
/// holder) SIGKILLed: time until the last failed read and until throughput is back to 90 % of the pre-kill rate.
/// (3) The chain loaded with a larger history: the whole cluster restarted on its PostgreSQL state vs one silo indexing
/// everything into a fresh database, each until the mirror serves reads.
/// </summary>
public static class ClusterBenchmark
{
    /// <summary>Providers, so that gatekeepers (one grain per provider) can be placed on different silos.</summary>
    public const int Providers = 6;
    public const int PatientsPerProvider = 4;
    public const int RecordsPerPatient = 12;
    public const int Callers = 16;
    public const int TimedReads = 4_000;
    public const int HistoryEvents = 20_000;
    private const int DefaultKills = 3;
    private static readonly TimeSpan RequestLifetime = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan PreKill = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan TrialLimit = TimeSpan.FromSeconds(30);

    private sealed record Target(Participant Patient, Participant Provider, int ProviderIndex, PublishedPointer Pointer, PointerQuery Query);

    private sealed record Row(int Silos, Run Run, double PostgresCpuMs, double SiloCpuMs, string Placement);

    private sealed record Trial(
        int Number, string Victim, double PreKillRate, int Errors, TimeSpan? LastError, TimeSpan? Back, double LowestRate, int Reads, string FirstError);

    public static async Task<int> RunAsync(TextWriter output, int kills, CancellationToken ct)
    {
        kills = kills is > 0 and <= 5 ? kills : DefaultKills;
        var loadBefore = MachineLoad.Describe();
        var clock = Stopwatch.StartNew();
        await using var chain = await BenchChain.StartAsync(ct);
        await using var postgres = await ThrowawayPostgres.StartAsync();
        var directory = Directory.CreateTempSubdirectory("medrec-bench-cluster-").FullName;
        ProcessCluster? cluster = null;
        ProcessCluster? fresh = null;
        try
        {
            var deploymentFile = Path.Combine(directory, "deployment.json");
            await DeploymentFile.WriteAsync(deploymentFile, chain.Deployment, ct);
            // Pools capped: PostgreSQL allows 200 connections, and 3-4 silo processes with two pools each (grain storage,
            // provider stores) plus this process's would otherwise exceed it under 16 callers ("too many clients").
            var clusterDatabase = Capped(await postgres.CreateDatabaseAsync("cluster"));
            var storesDatabase = Capped(await postgres.CreateDatabaseAsync("providers"));
            var domain = new AccessRequestDomain((ulong)chain.Deployment.ChainId, chain.Deployment.Contracts.Relationships);

            // History first (part 3 restarts on it), then the figure's own providers, patients and records.
            var history = new PointerLoad(chain, providers: 10, patients: 50, pointersPerTransaction: 100);
            await history.RunAsync(HistoryEvents, ct);
            Progress.Report($"history: {history.Transactions} publishPointers transactions ({clock.Elapsed.TotalSeconds:F0} s)");

            var providers = new List<Participant>();
            for (var i = 0; i < Providers; i++) providers.Add(await chain.Chain.NewProviderAsync($"https://hospital-{i}.bench.example/fhir", ct));
            var storeOptions = new ProviderStoreOptions();
            var settings = new Dictionary<string, string?>
            {
                ["MedRec:Indexer:LeaseDuration"] = "00:00:05",
                ["MedRec:Indexer:LeaseRenewInterval"] = "00:00:01",
                ["MedRec:Indexer:ApplyTimeout"] = "00:00:10",
                ["MedRec:Indexer:BlockBatchSize"] = BackfillBenchmark.BlocksPerRequest.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Logging:LogLevel:MedRec"] = "Warning",
            };
            for (var i = 0; i < providers.Count; i++)
            {
                var section = $"{ProviderStoreOptions.SectionName}:{providers[i].Address}";
                settings[$"{section}:Kind"] = nameof(ProviderStoreKind.PostgreSql);
                settings[$"{section}:ConnectionString"] = storesDatabase;
                settings[$"{section}:Schema"] = $"provider_{i}";
                storeOptions.Providers[providers[i].Address] = new ProviderStoreSettings
                {
                    Kind = ProviderStoreKind.PostgreSql, ConnectionString = storesDatabase, Schema = $"provider_{i}",
                };
            }

            await using var stores = new ProviderStoreFactory(Options.Create(storeOptions));
            var synthetic = new SyntheticHealthData(seed: 4, referenceDate: new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
            var targets = new List<Target>();
            for (var p = 0; p < providers.Count; p++)
            {
                var store = stores.For(providers[p].Address);
                await store.MigrateAsync(ct);
                var publisher = new RecordPublisher(store, providers[p].Client);
                for (var i = 0; i < PatientsPerProvider; i++)
                {
                    var patient = await chain.Chain.NewPatientAsync(ct);
                    var records = synthetic.RecordsFor(synthetic.Patient(p * PatientsPerProvider + i), p, RecordsPerPatient);
                    var largest = (await publisher.AddAsync(patient.Address, records, ct)).OrderByDescending(x => x.RecordCount).First();
                    targets.Add(new Target(patient, providers[p], p, largest, PointerQuery.Parse(largest.Query)));
                }
            }

            var head = await chain.HeadAsync();
            Progress.Report($"{targets.Count} targets published, head {head} ({clock.Elapsed.TotalSeconds:F0} s)");

            cluster = ProcessCluster.Create(clusterDatabase, deploymentFile, directory, settings);
            var leaseKey = chain.Deployment.Contracts.Registrar.ToLowerInvariant();
            await cluster.StartSiloAsync(ct);
            var indexed = await WaitForCheckpointPastAsync(cluster, leaseKey, head, TimeSpan.FromMinutes(3), ct);
            Progress.Report($"1 silo indexed {indexed.EventsApplied:N0} events ({clock.Elapsed.TotalSeconds:F0} s)");
            await WaitForReadsAsync(cluster, targets, domain, TimeSpan.FromSeconds(60), ct);

            // Part 1: 1, 2, 3 silos; activations collected before each row so that placement starts over.
            var rows = new List<Row>();
            for (var silos = 1; silos <= 3; silos++)
            {
                if (silos > 1) await cluster.StartSiloAsync(ct);
                await RebalanceAsync(cluster, targets);
                var requests = Sign(targets, domain, TimedReads + TimedReads / 10);
                var pgBefore = ProcessCpu.OfTree(postgres.ServerProcessId);
                var silosBefore = SiloCpu(cluster);
                var run = await TimeAsync(Callers, TimedReads / 10, TimedReads, i => ReadAsync(cluster.Grains, targets, requests, i));
                var pgMs = ((ProcessCpu.OfTree(postgres.ServerProcessId) - pgBefore) ?? TimeSpan.Zero).TotalMilliseconds / TimedReads;
                var siloMs = ((SiloCpu(cluster) - silosBefore) ?? TimeSpan.Zero).TotalMilliseconds / TimedReads;
                var placement = await PlacementAsync(cluster);
                rows.Add(new Row(silos, run, pgMs, siloMs, placement));
                Progress.Report($"{silos} silo(s): {run.PerSecond:N0} reads/s, p50 {run.P50:0.0} ms, p99 {run.P99:0.0} ms, gatekeepers per silo {placement}");
            }

            var barePgBefore = ProcessCpu.OfTree(postgres.ServerProcessId);
            var bare = await TimeAsync(Callers, TimedReads / 5, TimedReads * 2, async i =>
            {
                var target = targets[i % targets.Count];
                var records = await stores.For(target.Provider.Address).QueryAsync(target.Query, CancellationToken.None);
                if (records.Count != target.Pointer.RecordCount) throw new InvalidOperationException("the bare query returned another result");
            });
            var barePgMs = ((ProcessCpu.OfTree(postgres.ServerProcessId) - barePgBefore) ?? TimeSpan.Zero).TotalMilliseconds / (TimedReads * 2);
            Progress.Report($"bare query: {bare.PerSecond:N0}/s ({clock.Elapsed.TotalSeconds:F0} s)");

            // Part 2: kills under load, a replacement silo started after each.
            var trials = new List<Trial>();
            for (var k = 1; k <= kills; k++)
            {
                await RebalanceAsync(cluster, targets);
                var trial = await KillUnderLoadAsync(cluster, leaseKey, targets, domain, trials.Count > 0 ? trials[^1].PreKillRate : rows[^1].Run.PerSecond, k, ct);
                trials.Add(trial);
                Progress.Report($"kill {k} ({trial.Victim}): {trial.Errors} errors, last at {Seconds(trial.LastError)}, back to 90 % at {Seconds(trial.Back)} " +
                                $"({clock.Elapsed.TotalSeconds:F0} s)");
                await cluster.StartSiloAsync(ct);
            }

            // Part 3: the whole cluster restarted on its PostgreSQL state, then one silo on a fresh database.
            var before = (await cluster.Grains.GetGrain<IIndexerCheckpointGrain>(leaseKey).GetAsync())!;
            await cluster.StopAllAsync();
            var restart = Stopwatch.StartNew();
            for (var i = 0; i < 3; i++) await cluster.StartSiloAsync(ct);
            var restartActive = restart.Elapsed;
            await WaitForCheckpointPastAsync(cluster, leaseKey, head, TimeSpan.FromMinutes(2), ct);
            await WaitForReadsAsync(cluster, targets, domain, TimeSpan.FromMinutes(2), ct);
            await WaitForHistoryAsync(cluster, history, ct);
            var restarted = restart.Elapsed;
            var after = (await cluster.Grains.GetGrain<IIndexerCheckpointGrain>(leaseKey).GetAsync())!;
            Progress.Report($"restart: 3 silos active {restartActive.TotalSeconds:F1} s, reads served {restarted.TotalSeconds:F1} s " +
                            $"(events applied {before.EventsApplied:N0} -> {after.EventsApplied:N0})");
            await cluster.StopAllAsync();

            fresh = ProcessCluster.Create(Capped(await postgres.CreateDatabaseAsync("reindex")), deploymentFile, directory, settings);
            var reindex = Stopwatch.StartNew();
            await fresh.StartSiloAsync(ct);
            var reindexActive = reindex.Elapsed;
            var reindexed = await WaitForCheckpointPastAsync(fresh, leaseKey, head, TimeSpan.FromMinutes(3), ct);
            var reindexCheckpoint = reindex.Elapsed;
            await WaitForReadsAsync(fresh, targets, domain, TimeSpan.FromMinutes(2), ct);
            await WaitForHistoryAsync(fresh, history, ct);
            var reindexDone = reindex.Elapsed;
            Progress.Report($"re-index: silo active {reindexActive.TotalSeconds:F1} s, checkpoint past head {reindexCheckpoint.TotalSeconds:F1} s, " +
                            $"reads served {reindexDone.TotalSeconds:F1} s ({reindexed.EventsApplied:N0} events)");

            WriteTables(output, loadBefore, targets, rows, bare, barePgMs, trials, kills,
                (restartActive, restarted, before.EventsApplied, after.EventsApplied),
                (reindexActive, reindexCheckpoint, reindexDone, reindexed.EventsApplied), head - chain.Deployment.DeploymentBlock + 1, clock.Elapsed);
            return 0;
        }
        catch (Exception) when (cluster is not null)
        {
            Console.Error.WriteLine(cluster.Tail(40));
            if (fresh is not null) Console.Error.WriteLine(fresh.Tail(40));
            throw;
        }
        finally
        {
            if (fresh is not null) await fresh.DisposeAsync();
            if (cluster is not null) await cluster.DisposeAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void WriteTables(
        TextWriter output, string loadBefore, List<Target> targets, List<Row> rows, Run bare, double barePgMs, List<Trial> trials, int kills,
        (TimeSpan Active, TimeSpan Served, long EventsBefore, long EventsAfter) restart,
        (TimeSpan Active, TimeSpan Checkpoint, TimeSpan Served, long Events) reindex, ulong blocks, TimeSpan total)
    {
        var sizes = targets.Select(t => t.Pointer.RecordCount).ToList();
        output.WriteLine($"Cluster of silo processes, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores " +
                         $"({loadBefore} before, {MachineLoad.Describe()} after, {total.TotalSeconds:F0} s in all): Silo/ as separate processes on one " +
                         $"PostgreSQL (ADO.NET clustering and grain storage; the provider stores in another database of the same server), one anvil. " +
                         $"{targets.Count} patients at {Providers} providers ({PatientsPerProvider} each), each reading their largest pointer " +
                         $"({sizes.Min()}-{sizes.Max()} records), taken in turn, by IGatekeeperGrain.ReadAsync through this process's Orleans client " +
                         $"(no API process), {Callers} callers in a closed loop; requests signed before the clock starts; every answer checked (Ok, record count). " +
                         $"{TimedReads:N0} timed reads per row after {TimedReads / 10:N0} untimed; activations collected before each row.");
        output.WriteLine();
        output.WriteLine("| silos | reads/s | p50 ms | p99 ms | vs 1 silo | CPU ms per read (silos / PostgreSQL / bench process) | gatekeepers per silo |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var row in rows)
        {
            output.WriteLine($"| {row.Silos} | {Rate(row.Run.PerSecond)} | {Latencies.Format(row.Run.P50)} | {Latencies.Format(row.Run.P99)} | " +
                             $"{row.Run.PerSecond / rows[0].Run.PerSecond:0.00} | {Latencies.Format(row.SiloCpuMs)} / {Latencies.Format(row.PostgresCpuMs)} / " +
                             $"{Latencies.Format(row.Run.CpuPerCall.TotalMilliseconds)} | {row.Placement} |");
        }

        output.WriteLine($"| bare PostgreSQL query (baseline, {bare.Latencies.Count:N0} reads) | {Rate(bare.PerSecond)} | {Latencies.Format(bare.P50)} | " +
                         $"{Latencies.Format(bare.P99)} | | - / {Latencies.Format(barePgMs)} / {Latencies.Format(bare.CpuPerCall.TotalMilliseconds)} | |");
        output.WriteLine();
        output.WriteLine($"Ratio 2/1 = {rows[1].Run.PerSecond / rows[0].Run.PerSecond:0.00}, 3/1 = {rows[2].Run.PerSecond / rows[0].Run.PerSecond:0.00}.");
        output.WriteLine();
        output.WriteLine($"Silo kill under the same load (3 silos, {Callers} callers; SIGKILL of a silo that does not hold the indexer lease; {PreKill.TotalSeconds:F0} s " +
                         $"of load before the kill; a replacement silo started after each trial). Back to 90 %: the end of the first {Window.TotalSeconds:F0}-s window " +
                         "(100 ms steps) after the throughput dip with >= 90 % of the pre-kill reads/s.");
        output.WriteLine();
        output.WriteLine("| kill | pre-kill reads/s | failed reads | last failed read after the kill | back to >= 90 % after | lowest 1-s rate after the kill | first error |");
        output.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | --- |");
        foreach (var t in trials)
        {
            output.WriteLine($"| {t.Number} ({t.Victim}) | {Rate(t.PreKillRate)} | {t.Errors:N0} | {Seconds(t.LastError)} | {Seconds(t.Back)} | {Rate(t.LowestRate)} | {t.FirstError} |");
        }

        if (trials.Count < kills) output.WriteLine($"({kills - trials.Count} of {kills} trials not run.)");
        output.WriteLine();
        output.WriteLine($"Restart vs re-index: {restart.EventsBefore:N0} events in {blocks:N0} blocks on chain. \"Serves reads\": the checkpoint past the head, " +
                         $"a signed gatekeeper read of each of the {targets.Count} pointers answers Ok, and the history's relationships show their pointers.");
        output.WriteLine();
        output.WriteLine("| start | silos active s | checkpoint past head s | mirror serves reads s | events applied |");
        output.WriteLine("| --- | ---: | ---: | ---: | --- |");
        output.WriteLine($"| 3 silos restarted on the existing PostgreSQL state | {restart.Active.TotalSeconds:F1} | | {restart.Served.TotalSeconds:F1} | " +
                         $"{restart.EventsBefore:N0} before, {restart.EventsAfter:N0} after (0 re-applied: {(restart.EventsAfter == restart.EventsBefore ? "yes" : "no")}) |");
        output.WriteLine($"| 1 silo on a fresh database, full re-index | {reindex.Active.TotalSeconds:F1} | {reindex.Checkpoint.TotalSeconds:F1} | " +
                         $"{reindex.Served.TotalSeconds:F1} | {reindex.Events:N0} |");
    }

    private static string Capped(string connectionString) =>
        new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { MaxPoolSize = 24, ConnectionIdleLifetime = 30 }.ConnectionString;

    private static string Seconds(TimeSpan? value) => value is { } v ? $"{v.TotalSeconds:F1} s" : "-";

    private static SignedAccessRequest[] Sign(List<Target> targets, AccessRequestDomain domain, int count)
    {
        var requests = new SignedAccessRequest[count];
        Parallel.For(0, count, i =>
        {
            var target = targets[i % targets.Count];
            requests[i] = target.Patient.Signer.SignNew(domain, target.Patient.Address, target.Provider.Address, target.Pointer.PointerId,
                AccessAction.Read, Purpose.PatientRequest, DateTimeOffset.UtcNow, RequestLifetime);
        });
        return requests;
    }

    private static async Task ReadAsync(IGrainFactory grains, List<Target> targets, SignedAccessRequest[] requests, int i)
    {
        var target = targets[i % targets.Count];
        var answer = await grains.GetGrain<IGatekeeperGrain>(target.Provider.Address).ReadAsync(requests[i]);
        if (answer.Outcome != ProviderOutcome.Ok || answer.Pointers.Count != 1 || answer.Pointers[0].RecordCount != target.Pointer.RecordCount)
            throw new InvalidOperationException($"the gatekeeper answered {answer.Outcome} {answer.Reason}");
    }

    private static TimeSpan? SiloCpu(ProcessCluster cluster)
    {
        var total = TimeSpan.Zero;
        foreach (var silo in cluster.Silos)
        {
            if (ProcessCpu.OfTree(silo.Id) is not { } cpu) return null;
            total += cpu;
        }

        return total;
    }

    /// <summary>Deactivates the figure's gatekeeper, nonce and relationship grains (and every other idle activation), so
    /// that the next reads place them anew over the silos that run now: Orleans does not move activations to a silo
    /// that joins later.</summary>
    private static async Task RebalanceAsync(ProcessCluster cluster, List<Target> targets)
    {
        var grains = cluster.Grains;
        var figure = targets.Select(t => t.Provider.Address).Distinct().Select(p => (IAddressable)grains.GetGrain<IGatekeeperGrain>(p))
            .Concat(targets.Select(t => (IAddressable)grains.GetGrain<INonceGrain>($"{t.Provider.Address}:{t.Patient.Address}")))
            .Concat(targets.Select(t => (IAddressable)grains.Relationship(t.Patient.Address, t.Provider.Address)));
        foreach (var grain in figure) await grain.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await Task.Delay(1_000);
        await grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.FromSeconds(1));
    }

    /// <summary>Gatekeeper activations per silo, e.g. "3 / 2 / 1".</summary>
    private static async Task<string> PlacementAsync(ProcessCluster cluster)
    {
        var management = cluster.Grains.GetGrain<IManagementGrain>(0);
        var hosts = await management.GetHosts(onlyActive: true);
        var statistics = await management.GetSimpleGrainStatistics();
        var counts = hosts.Keys.Select(silo => statistics.Where(s => s.SiloAddress.Equals(silo) && s.GrainType.Contains("GatekeeperGrain", StringComparison.Ordinal))
            .Sum(s => s.ActivationCount)).OrderByDescending(c => c);
        return string.Join(" / ", counts);
    }

    /// <summary>Three silos under the closed-loop load: 1 s untimed, <see cref="PreKill"/> for the pre-kill rate, then
    /// a silo that does not hold the indexer lease SIGKILLed; the load runs on until it has been clean for 4 s and back
    /// to 90 % (at least 8 s after the kill, at most <see cref="TrialLimit"/>, or until the signed requests run out).</summary>
    private static async Task<Trial> KillUnderLoadAsync(
        ProcessCluster cluster, string leaseKey, List<Target> targets, AccessRequestDomain domain, double expectedRate, int number, CancellationToken ct)
    {
        var signing = Stopwatch.StartNew();
        // Signing is slow on a busy machine (~2-3 ms of CPU each): enough for ~20 s at the expected rate.
        var requests = Sign(targets, domain, (int)Math.Clamp(expectedRate * 20, 6_000, 20_000));
        Progress.Report($"kill {number}: {requests.Length:N0} requests signed in {signing.Elapsed.TotalSeconds:F1} s");
        var holder = await cluster.IndexerHolderAsync(leaseKey);
        var victim = cluster.Silos.Last(s => s != holder);

        var outcomes = new ConcurrentQueue<(double At, bool Ok, string? Error)>();
        var clock = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var next = -1;
        var exhausted = false;
        var callers = Enumerable.Range(0, Callers).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= requests.Length)
                {
                    exhausted = true;
                    return;
                }

                try
                {
                    await ReadAsync(cluster.Grains, targets, requests, i);
                    outcomes.Enqueue((clock.Elapsed.TotalSeconds, true, null));
                }
                catch (Exception ex)
                {
                    outcomes.Enqueue((clock.Elapsed.TotalSeconds, false, $"{ex.GetType().Name}: {ex.Message}"));
                    await Task.Delay(10, CancellationToken.None);
                }
            }
        }, CancellationToken.None)).ToList();

        const double warmUp = 1;
        await Task.Delay(TimeSpan.FromSeconds(warmUp) + PreKill, ct);
        var killAt = clock.Elapsed.TotalSeconds;
        cluster.Kill(victim);
        Progress.Report($"kill {number}: SIGKILL {victim.Name} (pid {victim.Id}; indexer on {holder?.Name ?? "?"})");
        var preRate = outcomes.Count(o => o.Ok && o.At >= warmUp && o.At < killAt) / PreKill.TotalSeconds;

        double? back = null;
        while (!exhausted && clock.Elapsed.TotalSeconds - killAt < TrialLimit.TotalSeconds)
        {
            await Task.Delay(200, ct);
            var now = clock.Elapsed.TotalSeconds;
            var lastError = outcomes.Where(o => !o.Ok).Select(o => o.At).DefaultIfEmpty(killAt).Max();
            back = BackAt(outcomes.ToList(), killAt, now, preRate, out _);
            if (now - killAt >= 8 && now - Math.Max(lastError, killAt) >= 4 && back is not null) break;
        }

        stop.Cancel();
        await Task.WhenAll(callers);
        var all = outcomes.ToList();
        var end = clock.Elapsed.TotalSeconds;
        back = BackAt(all, killAt, end, preRate, out var lowest);
        var errors = all.Where(o => !o.Ok).ToList();
        var common = errors.GroupBy(e => e.Error!.Length > 90 ? e.Error[..90] : e.Error).OrderByDescending(g => g.Count()).FirstOrDefault();
        var firstError = common is null ? "-" : $"{common.Count()} x {common.Key!.Replace("|", "/", StringComparison.Ordinal)}";
        if (exhausted) firstError += " (signed requests ran out)";
        return new Trial(number, victim.Name, preRate, errors.Count,
            errors.Count == 0 ? null : TimeSpan.FromSeconds(errors.Max(e => e.At) - killAt),
            back is { } b ? TimeSpan.FromSeconds(b - killAt) : null, lowest, all.Count(o => o.Ok), firstError);
    }

    /// <summary>The end of the first 1-s window (100 ms steps) after the dip with >= 90 % of <paramref name="preRate"/>;
    /// the kill time itself if the rate never dipped; null if not back yet.</summary>
    private static double? BackAt(List<(double At, bool Ok, string? Error)> outcomes, double killAt, double now, double preRate, out double lowest)
    {
        var ok = outcomes.Where(o => o.Ok && o.At >= killAt).Select(o => o.At).Order().ToArray();
        lowest = double.MaxValue;
        var dipped = false;
        double? back = null;
        for (var t = killAt; t + Window.TotalSeconds <= now; t += 0.1)
        {
            var from = t;
            var rate = (LowerBound(ok, from + Window.TotalSeconds) - LowerBound(ok, from)) / Window.TotalSeconds;
            lowest = Math.Min(lowest, rate);
            if (rate < 0.9 * preRate) dipped = true;
            else if (dipped && back is null) back = t + Window.TotalSeconds;
        }

        if (lowest == double.MaxValue) lowest = 0;
        return back ?? (dipped || now - killAt < 8 ? null : killAt);
    }

    private static int LowerBound(double[] sorted, double value)
    {
        var index = Array.BinarySearch(sorted, value);
        if (index < 0) return ~index;
        while (index > 0 && sorted[index - 1] >= value) index--;
        return index;
    }

    private static async Task<IndexerCheckpoint> WaitForCheckpointPastAsync(
        ProcessCluster cluster, string leaseKey, ulong head, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (await cluster.Grains.GetGrain<IIndexerCheckpointGrain>(leaseKey).GetAsync() is { } c && c.NextBlock > head) return c;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                // A silo still joining or just gone: ask again.
            }

            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the indexer's checkpoint did not pass block {head} within {timeout.TotalSeconds:F0} s");
            await Task.Delay(50, ct);
        }
    }

    /// <summary>Until a freshly signed read of every target answers Ok, in one pass.</summary>
    private static async Task WaitForReadsAsync(ProcessCluster cluster, List<Target> targets, AccessRequestDomain domain, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        string? last = null;
        while (true)
        {
            try
            {
                var requests = Sign(targets, domain, targets.Count);
                for (var i = 0; i < targets.Count; i++) await ReadAsync(cluster.Grains, targets, requests, i);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                last = ex.Message;
            }

            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the gatekeepers did not serve every target within {timeout.TotalSeconds:F0} s: {last}");
            await Task.Delay(50, ct);
        }
    }

    /// <summary>Until a sample of the history's relationships (every 20th transaction's) shows pointers.</summary>
    private static async Task WaitForHistoryAsync(ProcessCluster cluster, PointerLoad history, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        var step = Math.Max(1, history.Transactions / 20);
        for (var t = 0; t < history.Transactions; t += step)
        {
            var provider = history.Providers[t % history.Providers.Count].Address.ToLowerInvariant();
            var patient = history.Patients[t / history.Providers.Count % history.Patients.Count].Address.ToLowerInvariant();
            while (true)
            {
                try
                {
                    if ((await cluster.Grains.Relationship(patient, provider).GetAsync()).Pointers.Count > 0) break;
                }
                catch (Exception) when (DateTime.UtcNow < deadline)
                {
                }

                if (DateTime.UtcNow > deadline) throw new TimeoutException($"the relationship {patient}/{provider} of the history showed no pointers within 2 min");
                await Task.Delay(50, ct);
            }
        }
    }
}
