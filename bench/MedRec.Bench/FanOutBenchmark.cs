using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Records;
using MedRec.TestSupport;
using static MedRec.Bench.Measurements;

namespace MedRec.Bench;

/// <summary>
/// Issue 4: whole-history reads (IHistoryGrain.ReadHistoryAsync with a request signed by the patient) over 1, 10 and
/// 50 providers, every provider's store in one throwaway PostgreSQL (a schema each), every provider holding a few
/// synthetic records of the patient published with RecordPublisher, so each gatekeeper re-runs the pointer queries and
/// re-hashes the results against the chain. One read at a time: the figure is the latency of one whole-history read.
/// </summary>
public static class FanOutBenchmark
{
    public const int Providers = 50;
    public const int RecordsPerProvider = 6;
    public const double Goal = 3;

    /// <summary>Fan-out width (providers in the patient's summary) and timed reads at that width.</summary>
    private static readonly (int Width, int Reads)[] Rows = [(1, 1_000), (10, 500), (50, 300)];

    /// <summary>Patients per width, taken in turn, so no one asker's nonce grain holds every request of the run.</summary>
    private const int PatientsPerWidth = 4;

    public static async Task<int> RunAsync(TextWriter output, CancellationToken ct)
    {
        var loadBefore = MachineLoad.Describe();
        await using var world = await AccessBenchWorld.StartAsync(Providers, withStores: true, ct);
        var patients = new Dictionary<int, List<Participant>>();
        var pointers = new Dictionary<int, int>();
        // Per patient, the pointers each provider published for them: what the store-only floor reads.
        var published = new Dictionary<string, List<(Participant Provider, List<string> PointerIds)>>(StringComparer.Ordinal);
        var synthetic = 0;
        foreach (var (width, _) in Rows)
        {
            patients[width] = [];
            pointers[width] = 0;
            for (var p = 0; p < PatientsPerWidth; p++)
            {
                var patient = await world.NewPatientAsync(ct);
                var index = synthetic++;
                var atProviders = new System.Collections.Concurrent.ConcurrentBag<(Participant, List<string>)>();
                await Parallel.ForEachAsync(world.Providers.Take(width), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = ct },
                    async (provider, token) => atProviders.Add((provider,
                        (await world.PublishAsync(provider, patient, index, RecordsPerProvider, token)).Select(p => p.PointerId).ToList())));
                pointers[width] += atProviders.Sum(p => p.Item2.Count);
                published[patient.Address] = [.. atProviders];
                await world.WaitForSummaryAsync(patient, world.Providers.Take(width).ToList(), ct);
                patients[width].Add(patient);
            }

            Progress.Report($"published {RecordsPerProvider} records at each of {width} providers for {PatientsPerWidth} patients");
        }

        var history = world.Grains.GetGrain<IHistoryGrain>(0);
        var results = new List<(int Width, Run Run, Run Floor)>();
        foreach (var (width, reads) in Rows)
        {
            var warmUp = Math.Max(reads / 10, 10);
            var askers = patients[width];
            var requests = AccessBenchWorld.SignMany(warmUp + reads, i =>
            {
                var patient = askers[i % askers.Count];
                return world.Sign(patient, patient, AccessRequest.ZeroAddress, AccessRequest.ZeroPointer);
            });
            var run = await TimeAsync(callers: 1, warmUp, reads, async i =>
            {
                var answer = await history.ReadHistoryAsync(requests[i]);
                if (answer.Providers.Count != width || answer.Providers.Any(p => p.Outcome != ProviderOutcome.Ok)
                    || answer.RecordCount != width * RecordsPerProvider)
                {
                    throw new InvalidOperationException($"fan-out over {width}: {answer.RecordCount} records, outcomes " +
                                                        string.Join(",", answer.Providers.Select(p => $"{p.Outcome} {p.Reason}")));
                }
            }, world.PostgresCpu);
            Progress.Report($"fan-out over {width}: p50 {Latencies.Format(run.P50)} ms");

            // The floor: the same providers' stores read in parallel as the gatekeepers read them (definitions in one
            // statement, the queries in one batch), and nothing else: no signature, nonce, decision, hash, audit or Bundle.
            var floor = await TimeAsync(callers: 1, warmUp, reads, async i =>
            {
                var atProviders = published[askers[i % askers.Count].Address];
                var counts = await Task.WhenAll(atProviders.Select(async p =>
                    (await world.Store(p.Provider).ReadPointersAsync(p.PointerIds, d => PointerQuery.Parse(d.Query), CancellationToken.None))
                    .Sum(r => r.Records?.Count ?? 0)));
                if (counts.Sum() != width * RecordsPerProvider) throw new InvalidOperationException($"the floor read {counts.Sum()} records over {width}");
            }, world.PostgresCpu);
            Progress.Report($"stores alone over {width}: p50 {Latencies.Format(floor.P50)} ms");
            results.Add((width, run, floor));
        }

        output.WriteLine($"Whole-history fan-out, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores " +
                         $"({loadBefore} before, {MachineLoad.Describe()} after): {RecordsPerProvider} synthetic records per provider and patient, " +
                         $"{PatientsPerWidth} patients per width taken in turn, one read at a time after a tenth as many untimed; " +
                         "every answer checked (every provider Ok, every record verified). Requests signed before the clock starts.");
        output.WriteLine();
        output.WriteLine("| providers | p50 ms | p99 ms | mean ms | CPU ms per read: silo | PostgreSQL | records per read | pointers per read (mean) | reads timed | p50 vs 1 provider | stores alone: p50 ms | CPU ms: process / PostgreSQL | stores alone p50 vs 1 provider's whole read |");
        output.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        var single = results[0].Run.P50;
        foreach (var (width, run, floor) in results)
        {
            output.WriteLine($"| {width} | {Latencies.Format(run.P50)} | {Latencies.Format(run.P99)} | {Latencies.Format(run.Latencies.Mean)} | " +
                             $"{Latencies.Format(run.CpuPerCall.TotalMilliseconds)} | {Pg(run)} | " +
                             $"{width * RecordsPerProvider} | {(double)pointers[width] / PatientsPerWidth:0.#} | {run.Latencies.Count:N0} | {run.P50 / single:0.0}x | " +
                             $"{Latencies.Format(floor.P50)} | {Latencies.Format(floor.CpuPerCall.TotalMilliseconds)} / {Pg(floor)} | {floor.P50 / single:0.0}x |");
        }

        var ratio = results[^1].Run.P50 / single;
        output.WriteLine();
        output.WriteLine($"Goal: {Providers} providers at p50 <= {Goal:0}x one provider: {(ratio <= Goal ? "met" : "not met")} ({ratio:0.0}x). " +
                         "CPU ms per read: this process's CPU time (silo and caller, and the indexer polling anvil meanwhile) and PostgreSQL's " +
                         "(postmaster and backends, from /proc, 10 ms resolution), divided by the timed reads. Stores alone: each provider's " +
                         "store read as its gatekeeper reads it (IProviderStore.ReadPointersAsync: definitions, then the queries in one batch), " +
                         "every provider in parallel, nothing else; the same reads timed after the fan-out's.");
        return 0;
    }

    private static string Pg(Run run) => run.ExternalCpuPerCall is { } pg ? Latencies.Format(pg.TotalMilliseconds) : "?";
}
