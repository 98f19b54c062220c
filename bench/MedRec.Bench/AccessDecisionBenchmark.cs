using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Contracts.Relationships;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Mirror;
using MedRec.Grains.Access;
using MedRec.Grains.Mirror;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Contracts;
using static MedRec.Bench.Measurements;

namespace MedRec.Bench;

/// <summary>
/// Issue 4: the access decision "may viewer V read pointer P of patient X at provider Y now" made on the mirror and by
/// eth_call of the PPR contract's requireAccess against anvil, over the same granted (relationship, pointer, viewer)
/// triples at the same concurrency. The mirror decision is the gatekeeper's own: the relationship's view from this
/// silo's <see cref="RelationshipViewCache"/> (the view its relationship grain activation holds, read without a grain
/// call) + <see cref="AccessDecision.Decide"/>, called in the silo's process. Also shown: the same through a grain call
/// (RelationshipGrain.GetAsync, the path before the cache), and eth_call two ways: through Nethereum (ChainReader, ABI
/// encoding per call) and raw (calldata encoded beforehand, posted as ready JSON-RPC bytes), the stronger baseline.
/// The goal is judged against the faster eth_call.
/// </summary>
public static class AccessDecisionBenchmark
{
    public const int Relationships = 16;
    public const double Goal = 100;
    public const double MirrorP99GoalMs = 1;

    /// <summary>Concurrent callers, the same for every path in a row; timed calls per path at that concurrency.</summary>
    private static readonly (int Callers, int MirrorCalls, int GrainCalls, int ChainCalls)[] Rows =
        [(1, 1_000_000, 100_000, 10_000), (16, 2_000_000, 400_000, 40_000)];

    private sealed record Check(AccessRequest Request, IRelationshipGrain Mirror, byte[] PointerId, byte[] RawCall);

    private sealed record Row(Run Mirror, Run Grain, Run Nethereum, Run Raw)
    {
        public Run Chain => Raw.PerSecond >= Nethereum.PerSecond ? Raw : Nethereum;
    }

    public static async Task<int> RunAsync(TextWriter output, CancellationToken ct)
    {
        var loadBefore = MachineLoad.Describe();
        await using var world = await AccessBenchWorld.StartAsync(providers: 1, withStores: false, ct);
        var checks = await GrantAsync(world, ct);
        var clientVersion = await world.Chain.Node.Web3.Client.SendRequestAsync<string>("web3_clientVersion");
        var views = world.Services.GetRequiredService<RelationshipViewCache>();
        using var raw = new RawEthCall(world.Chain.Node.RpcUrl);
        var anvil = world.Chain.Node.ProcessId;
        TimeSpan? AnvilCpu() => ProcessCpu.OfTree(anvil);

        async Task Mirror(int i)
        {
            var check = checks[i % checks.Count];
            var view = await views.GetAsync(world.Grains, check.Request.Patient, check.Request.Provider);
            var decision = AccessDecision.Decide(view, check.Request, (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            if (!decision.Granted) throw new InvalidOperationException($"the mirror denied a granted read: {decision.Reason}");
        }

        async Task Grain(int i)
        {
            var check = checks[i % checks.Count];
            var decision = AccessDecision.Decide(await check.Mirror.GetAsync(), check.Request, (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            if (!decision.Granted) throw new InvalidOperationException($"the mirror denied a granted read: {decision.Reason}");
        }

        // requireAccess reverts (GrantNotFound, GrantExpired) unless the viewer may read now: returning is "granted".
        Task Nethereum(int i)
        {
            var check = checks[i % checks.Count];
            return world.Reader.RequireAccessAsync(check.Request.Patient, check.Request.Provider, check.PointerId, check.Request.Asker, Purpose.Treatment);
        }

        Task Raw(int i) => raw.CallAsync(checks[i % checks.Count].RawCall);

        // Untimed, at the highest concurrency, long enough for tiered JIT to settle on every path.
        var (warmCallers, warmMirror, warmGrain, warmChain) = Rows[^1];
        await TimeAsync(warmCallers, 0, warmMirror / 4, Mirror);
        await TimeAsync(warmCallers, 0, warmGrain / 2, Grain);
        await TimeAsync(warmCallers, 0, warmChain / 4, Nethereum);
        await TimeAsync(warmCallers, 0, warmChain / 4, Raw);
        var cached = views.Count;
        var results = new List<Row>();
        foreach (var (callers, mirrorCalls, grainCalls, chainCalls) in Rows)
        {
            var mirror = await TimeAsync(callers, mirrorCalls / 10, mirrorCalls, Mirror, AnvilCpu);
            Progress.Report($"mirror, {callers} callers: {mirror.PerSecond:N0}/s");
            var grain = await TimeAsync(callers, grainCalls / 10, grainCalls, Grain, AnvilCpu);
            Progress.Report($"mirror by grain call, {callers} callers: {grain.PerSecond:N0}/s");
            var nethereum = await TimeAsync(callers, chainCalls / 10, chainCalls, Nethereum, AnvilCpu);
            Progress.Report($"eth_call (Nethereum), {callers} callers: {nethereum.PerSecond:N0}/s");
            var rawCall = await TimeAsync(callers, chainCalls / 10, chainCalls, Raw, AnvilCpu);
            Progress.Report($"eth_call (raw), {callers} callers: {rawCall.PerSecond:N0}/s");
            results.Add(new Row(mirror, grain, nethereum, rawCall));
        }

        output.WriteLine($"Access decision, mirror vs eth_call, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores " +
                         $"({loadBefore} before, {MachineLoad.Describe()} after), {clientVersion}: {checks.Count} granted (pointer, viewer) " +
                         $"pairs in {Relationships} relationships, taken in turn; every answer checked (granted). " +
                         $"Relationship views in the silo's cache after warm-up: {cached} of {Relationships}.");
        output.WriteLine();
        output.WriteLine("| callers | mirror decisions/s | p50 ms | p99 ms | mirror by grain call /s | p50 ms | p99 ms | eth_call Nethereum /s | p50 ms | p99 ms | eth_call raw /s | p50 ms | p99 ms | ratio decisions/s (vs faster eth_call) | ratio p50 | ratio p99 | goal >= 100x met? |");
        output.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |");
        foreach (var row in results)
        {
            var ratio = row.Mirror.PerSecond / row.Chain.PerSecond;
            output.WriteLine($"| {row.Mirror.Callers} | {Rate(row.Mirror.PerSecond)} | {Latencies.Format(row.Mirror.P50)} | {Latencies.Format(row.Mirror.P99)} | " +
                             $"{Rate(row.Grain.PerSecond)} | {Latencies.Format(row.Grain.P50)} | {Latencies.Format(row.Grain.P99)} | " +
                             $"{Rate(row.Nethereum.PerSecond)} | {Latencies.Format(row.Nethereum.P50)} | {Latencies.Format(row.Nethereum.P99)} | " +
                             $"{Rate(row.Raw.PerSecond)} | {Latencies.Format(row.Raw.P50)} | {Latencies.Format(row.Raw.P99)} | " +
                             $"{ratio:N0}x | {row.Chain.P50 / row.Mirror.P50:N0}x | {row.Chain.P99 / row.Mirror.P99:N0}x | {(ratio >= Goal ? "yes" : "no")} |");
        }

        output.WriteLine();
        output.WriteLine("CPU time per decision, µs: this process (silo and callers) + anvil, from /proc over the same timed calls. " +
                         "Unlike the rates it hardly depends on what else the shared machine runs.");
        output.WriteLine();
        output.WriteLine("| callers | mirror | mirror by grain call | eth_call Nethereum | eth_call raw | ratio (faster eth_call / mirror) |");
        output.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var row in results)
        {
            var chain = Math.Min(CpuMicros(row.Nethereum), CpuMicros(row.Raw));
            output.WriteLine($"| {row.Mirror.Callers} | {CpuMicros(row.Mirror):0.00} | {CpuMicros(row.Grain):0.00} | {CpuMicros(row.Nethereum):0} | " +
                             $"{CpuMicros(row.Raw):0} | {chain / CpuMicros(row.Mirror):N0}x |");
        }

        var single = results[0].Mirror;
        output.WriteLine();
        output.WriteLine($"Mirror p99 with one caller: {Latencies.Format(single.P99)} ms (goal < {MirrorP99GoalMs:0} ms: {(single.P99 < MirrorP99GoalMs ? "met" : "not met")}). " +
                         $"Timed calls per row: mirror {Rows[0].MirrorCalls:N0} / {Rows[^1].MirrorCalls:N0}, by grain call {Rows[0].GrainCalls:N0} / {Rows[^1].GrainCalls:N0}, " +
                         $"each eth_call {Rows[0].ChainCalls:N0} / {Rows[^1].ChainCalls:N0}, after a tenth as many untimed. " +
                         "Ratios against the faster eth_call of the row (decisions/s), and its latencies.");
        return 0;
    }

    private static double CpuMicros(Run run) =>
        (run.CpuPerCall + (run.ExternalCpuPerCall ?? TimeSpan.Zero)).TotalMicroseconds;

    /// <summary>One provider, <see cref="Relationships"/> patients with one pointer each (published straight on chain:
    /// the decision needs no records) granted to one viewer; checked to agree on a stranger's denial as well.</summary>
    private static async Task<List<Check>> GrantAsync(AccessBenchWorld world, CancellationToken ct)
    {
        var provider = world.Providers[0];
        var viewer = await world.NewPatientAsync(ct);
        var stranger = await world.NewPatientAsync(ct);
        var expiresAt = DateTimeOffset.UtcNow.AddDays(1);
        var checks = new List<Check>();
        for (var r = 0; r < Relationships; r++)
        {
            var patient = await world.NewPatientAsync(ct);
            var pointerId = BenchChain.Random32();
            await provider.Client.PublishPointerAsync(patient.Address, pointerId, BenchChain.Random32(), BenchChain.Random32(), ct);
            await patient.Client.GrantAccessAsync(provider.Address, pointerId, viewer.Address, expiresAt, PurposeSet.All, ct);
            var request = new AccessRequest(viewer.Address, patient.Address, provider.Address, BenchChain.Hex(pointerId), AccessAction.Read,
                Purpose.Treatment, AccessRequest.ZeroPointer, 0);
            var calldata = new RequireAccessFunction
            {
                Patient = patient.Address, Provider = provider.Address, PointerId = pointerId, Viewer = viewer.Address, Purpose = (byte)Purpose.Treatment,
            }.GetCallData();
            checks.Add(new Check(request, world.Grains.Relationship(patient.Address, provider.Address), pointerId,
                RawEthCall.Request(world.Chain.Deployment.Contracts.Relationships, calldata)));
        }

        foreach (var check in checks)
        {
            await world.WaitForMirrorAsync(check.Mirror,
                view => view.Grants.Any(g => g.Viewer == viewer.Address && g.PointerId == check.Request.PointerId), "the grant", ct);
        }

        // Both paths must give the same answer, not only the same speed: a stranger is refused by both.
        var first = checks[0];
        var refused = AccessDecision.Decide(await first.Mirror.GetAsync(), first.Request with { Asker = stranger.Address },
            (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        if (refused.Reason != AccessDenials.NoGrant) throw new InvalidOperationException($"the mirror answered a stranger with {refused.Reason ?? "granted"}");
        try
        {
            await world.Reader.RequireAccessAsync(first.Request.Patient, first.Request.Provider, first.PointerId, stranger.Address, Purpose.Treatment);
            throw new InvalidOperationException("requireAccess granted a stranger");
        }
        catch (ChainRevertException e) when (e.ErrorName == "GrantNotFound")
        {
        }

        return checks;
    }
}
