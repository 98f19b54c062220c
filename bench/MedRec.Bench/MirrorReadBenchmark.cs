using System.Diagnostics;
using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Contracts.Relationships;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Mirror;

namespace MedRec.Bench;

/// <summary>
/// Issue 3, read from the mirror vs the chain: the access check "may viewer V read pointer P now" answered from the
/// mirror (grant looked up in the relationship's view, read two ways in the silo's own process: by a grain call,
/// RelationshipGrain.GetAsync, and from the silo's copy of the view its activation holds, RelationshipViewCache, which is
/// what the gatekeeper's decision reads) and by eth_call of PPR.requireAccess on anvil, with the same callers, the same checks and the same duration, at a few
/// concurrencies.
/// </summary>
public static class MirrorReadBenchmark
{
    /// <summary>Concurrent callers, the same for both reads in each row.</summary>
    public static readonly int[] Concurrencies = [1, 4, 16];
    public const int Relationships = 8;
    public const int PointersPerRelationship = 20;
    public const double Goal = 100;
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(1);

    /// <summary>Both reads run untimed for this long before the first row, so the JIT has settled (tiered compilation
    /// recompiles hot paths during the first seconds).</summary>
    private static readonly TimeSpan JitWarmup = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(5);

    /// <summary>One access check: a relationship, a pointer in it and a viewer the patient granted it to.</summary>
    private sealed record Check(string Patient, string Provider, byte[] PointerId, string PointerHex, string Viewer, IRelationshipGrain Mirror)
    {
        public string PatientKey { get; } = Patient.ToLowerInvariant();
        public string ProviderKey { get; } = Provider.ToLowerInvariant();
    }

    private static void Expect(Check check, RelationshipView view)
    {
        var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        if (!view.Grants.Any(g => g.PointerId == check.PointerHex && g.Viewer == check.Viewer && g.ExpiresAt > now))
        {
            throw new InvalidOperationException($"The mirror refused a granted read ({check.Viewer}, {check.PointerHex}).");
        }
    }

    public static async Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        var loadAtStart = MachineLoad.Describe();
        await using var chain = await BenchChain.StartAsync(cancellationToken);
        await using var silo = await BenchSilo.StartAsync(chain, new Dictionary<string, string?>(), cancellationToken);
        var checks = await GrantAsync(chain, silo, cancellationToken);
        await silo.WaitForCheckpointPastAsync(chain, await chain.HeadAsync(), TimeSpan.FromSeconds(60), cancellationToken);

        Func<Check, Task> fromMirror = async check => Expect(check, await check.Mirror.GetAsync());
        var views = silo.Views;
        Func<Check, Task> fromViewCopy = async check => Expect(check, await views.GetAsync(silo.Client, check.PatientKey, check.ProviderKey));
        // requireAccess reverts unless the viewer may read the pointer now; completing is the answer "yes".
        Func<Check, Task> fromChain = check => chain.Reader.RequireAccessAsync(check.Patient, check.Provider, check.PointerId, check.Viewer, Purpose.Treatment);

        await MeasureAsync("warm-up, mirror", Concurrencies[^1], checks, fromMirror, JitWarmup, cancellationToken);
        await MeasureAsync("warm-up, mirror view copy", Concurrencies[^1], checks, fromViewCopy, JitWarmup, cancellationToken);
        await MeasureAsync("warm-up, eth_call", Concurrencies[^1], checks, fromChain, JitWarmup, cancellationToken);
        var rows = new List<(int Callers, Run Chain, Run Mirror, Run ViewCopy)>();
        foreach (var callers in Concurrencies)
        {
            var mirror = await MeasureAsync($"mirror, {callers} callers", callers, checks, fromMirror, Duration, cancellationToken);
            var viewCopy = await MeasureAsync($"mirror view copy, {callers} callers", callers, checks, fromViewCopy, Duration, cancellationToken);
            var onChain = await MeasureAsync($"eth_call, {callers} callers", callers, checks, fromChain, Duration, cancellationToken);
            rows.Add((callers, onChain, mirror, viewCopy));
        }

        output.WriteLine($"Mirror read vs eth_call, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores ({loadAtStart} before, " +
                         $"{MachineLoad.Describe()} after), {chain.ClientVersion}: " +
                         "the access check 'may viewer V read pointer P now' over " +
                         $"{checks.Count} granted (relationship, pointer, viewer) triples in {Relationships} relationships; callers in this process, " +
                         $"{Duration.TotalSeconds:0} s per read and row after {Warmup.TotalSeconds:0} s of warm-up. " +
                         "Mirror by grain call: RelationshipGrain.GetAsync from the silo's own client + grant lookup in the view. " +
                         "Mirror view copy: the same view from the silo's RelationshipViewCache (the gatekeeper's path). Chain: eth_call of PPR.requireAccess.");
        output.WriteLine();
        output.WriteLine("| callers | eth_call calls/s | p50 ms | p99 ms | mirror by grain call calls/s | p50 ms | p99 ms | mirror view copy calls/s | p50 ms | p99 ms | ratio grain call | ratio view copy | goal | met? |");
        output.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |");
        foreach (var (callers, onChain, mirror, viewCopy) in rows)
        {
            var ratio = mirror.PerSecond / onChain.PerSecond;
            var copyRatio = viewCopy.PerSecond / onChain.PerSecond;
            output.WriteLine($"| {callers} | {Cells(onChain)} | {Cells(mirror)} | {Cells(viewCopy)} | {ratio:N0}x | {copyRatio:N0}x | >= {Goal:0}x | " +
                             $"{(Math.Max(ratio, copyRatio) >= Goal ? "yes" : "no")} |");
        }

        return 0;
    }

    /// <summary>Opens <see cref="Relationships"/> relationships of one provider with a batch of pointers each and
    /// grants every pointer to a viewer.</summary>
    private static async Task<List<Check>> GrantAsync(BenchChain chain, BenchSilo silo, CancellationToken cancellationToken)
    {
        var provider = await chain.NewParticipantAsync();
        var viewer = await chain.NewParticipantAsync();
        await chain.Root.RegisterProviderAsync(provider.Address, BenchChain.NewIdentity(), "https://gatekeeper.hospital.example/fhir", cancellationToken);
        await viewer.RegisterPatientAsync(BenchChain.NewIdentity(), cancellationToken);
        var pump = new TransactionPump(chain);
        var contracts = chain.Deployment.Contracts;
        var checks = new List<Check>();
        for (var r = 0; r < Relationships; r++)
        {
            var patient = await chain.NewParticipantAsync();
            await patient.RegisterPatientAsync(BenchChain.NewIdentity(), cancellationToken);
            var pointers = Enumerable.Range(0, PointersPerRelationship).Select(_ => new PointerInput
            {
                PointerId = BenchChain.Random32(), QueryCommitment = BenchChain.Random32(), DataHash = BenchChain.Random32(),
            }).ToList();
            await provider.PublishPointersAsync(patient.Address, pointers, cancellationToken);
            var mirror = silo.Client.Relationship(patient.Address.ToLowerInvariant(), provider.Address.ToLowerInvariant());
            foreach (var pointer in pointers)
            {
                await pump.SubmitAsync(patient, contracts.Relationships, new GrantAccessFunction
                {
                    Provider = provider.Address, PointerId = pointer.PointerId, Viewer = viewer.Address,
                    ExpiresAt = (ulong)DateTimeOffset.UtcNow.AddYears(1).ToUnixTimeSeconds(), Purposes = (byte)PurposeSet.All,
                }, gas: 300_000, cancellationToken);
                checks.Add(new Check(patient.Address, provider.Address, pointer.PointerId, BenchChain.Hex(pointer.PointerId),
                    viewer.Address.ToLowerInvariant(), mirror));
            }
        }

        await pump.DrainAsync(cancellationToken);
        return checks;
    }

    private sealed record Run(int Calls, double PerSecond, Latencies Latencies);

    /// <summary>Runs <paramref name="callers"/> callers, each cycling through the checks from its own offset, for the
    /// warm-up (not counted) and then for <paramref name="duration"/>.</summary>
    private static async Task<Run> MeasureAsync(
        string name, int callers, IReadOnlyList<Check> checks, Func<Check, Task> read, TimeSpan duration, CancellationToken cancellationToken)
    {
        var cpu = Environment.CpuUsage.TotalTime;
        var started = Stopwatch.GetTimestamp();
        var measureFrom = started + (long)(Warmup.TotalSeconds * Stopwatch.Frequency);
        var measureTo = measureFrom + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var perCaller = await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            var latencies = new Latencies();
            for (var i = caller * checks.Count / callers; ; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var start = Stopwatch.GetTimestamp();
                if (start >= measureTo) return latencies;
                await read(checks[i % checks.Count]);
                if (start >= measureFrom) latencies.AddSince(start);
            }
        }, cancellationToken)));

        var all = new Latencies();
        foreach (var latencies in perCaller) all.AddRange(latencies);
        Progress.Report($"{name}: {all.Count} calls in {duration.TotalSeconds:0} s, this process used {(Environment.CpuUsage.TotalTime - cpu) / Stopwatch.GetElapsedTime(started):P0} of one core");
        return new Run(all.Count, all.Count / duration.TotalSeconds, all);
    }

    private static string Cells(Run run) =>
        $"{run.PerSecond:N0} | {Latencies.Format(run.Latencies.Percentile(0.5))} | {Latencies.Format(run.Latencies.Percentile(0.99))}";
}
