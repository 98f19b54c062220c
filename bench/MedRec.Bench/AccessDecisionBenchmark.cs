using MedRec.ChainIndexer.Chain;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Mirror;
using MedRec.Grains.Access;
using static MedRec.Bench.Measurements;

namespace MedRec.Bench;

/// <summary>
/// Issue 4: the access decision "may viewer V read pointer P of patient X at provider Y now" made on the mirror
/// (RelationshipGrain.GetAsync + AccessDecision.Decide, called from the silo's own client, in the silo's process) and
/// by eth_call of the PPR contract's requireAccess against anvil (Nethereum, through ChainReader), over the same
/// granted (relationship, pointer, viewer) triples at the same concurrency.
/// </summary>
public static class AccessDecisionBenchmark
{
    public const int Relationships = 16;
    public const double Goal = 100;
    public const double MirrorP99GoalMs = 1;

    /// <summary>Concurrent callers, the same for both paths in a row; timed calls per path at that concurrency.</summary>
    private static readonly (int Callers, int MirrorCalls, int ChainCalls)[] Rows = [(1, 100_000, 10_000), (16, 400_000, 40_000)];

    private sealed record Check(AccessRequest Request, IRelationshipGrain Mirror, byte[] PointerId);

    public static async Task<int> RunAsync(TextWriter output, CancellationToken ct)
    {
        var loadBefore = MachineLoad.Describe();
        await using var world = await AccessBenchWorld.StartAsync(providers: 1, withStores: false, ct);
        var checks = await GrantAsync(world, ct);
        var clientVersion = await world.Chain.Node.Web3.Client.SendRequestAsync<string>("web3_clientVersion");

        async Task Mirror(int i)
        {
            var check = checks[i % checks.Count];
            var decision = AccessDecision.Decide(await check.Mirror.GetAsync(), check.Request, (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            if (!decision.Granted) throw new InvalidOperationException($"the mirror denied a granted read: {decision.Reason}");
        }

        // requireAccess reverts (GrantNotFound, GrantExpired) unless the viewer may read now: returning is "granted".
        Task Chain(int i)
        {
            var check = checks[i % checks.Count];
            return world.Reader.RequireAccessAsync(check.Request.Patient, check.Request.Provider, check.PointerId, check.Request.Asker);
        }

        // Untimed, at the highest concurrency, long enough for tiered JIT to settle on both paths.
        await TimeAsync(Rows[^1].Callers, 0, Rows[^1].MirrorCalls / 2, Mirror);
        await TimeAsync(Rows[^1].Callers, 0, Rows[^1].ChainCalls / 4, Chain);
        var results = new List<(Run Mirror, Run Chain)>();
        foreach (var (callers, mirrorCalls, chainCalls) in Rows)
        {
            var mirror = await TimeAsync(callers, mirrorCalls / 10, mirrorCalls, Mirror);
            Progress.Report($"mirror, {callers} callers: {mirror.PerSecond:N0}/s");
            var chain = await TimeAsync(callers, chainCalls / 10, chainCalls, Chain);
            Progress.Report($"eth_call, {callers} callers: {chain.PerSecond:N0}/s");
            results.Add((mirror, chain));
        }

        output.WriteLine($"Access decision, mirror vs eth_call, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores " +
                         $"({loadBefore} before, {MachineLoad.Describe()} after), {clientVersion}: {checks.Count} granted (pointer, viewer) " +
                         $"pairs in {Relationships} relationships, taken in turn; every answer checked (granted).");
        output.WriteLine();
        output.WriteLine("| callers | mirror decisions/s | p50 ms | p99 ms | eth_call decisions/s | p50 ms | p99 ms | ratio decisions/s | ratio p50 | ratio p99 | goal >= 100x met? |");
        output.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |");
        foreach (var (mirror, chain) in results)
        {
            var ratio = mirror.PerSecond / chain.PerSecond;
            output.WriteLine($"| {mirror.Callers} | {Rate(mirror.PerSecond)} | {Latencies.Format(mirror.P50)} | {Latencies.Format(mirror.P99)} | " +
                             $"{Rate(chain.PerSecond)} | {Latencies.Format(chain.P50)} | {Latencies.Format(chain.P99)} | " +
                             $"{ratio:N0}x | {chain.P50 / mirror.P50:N0}x | {chain.P99 / mirror.P99:N0}x | {(ratio >= Goal ? "yes" : "no")} |");
        }

        var single = results[0].Mirror;
        output.WriteLine();
        output.WriteLine($"Mirror p99 with one caller: {Latencies.Format(single.P99)} ms (goal < {MirrorP99GoalMs:0} ms: {(single.P99 < MirrorP99GoalMs ? "met" : "not met")}). " +
                         $"Timed calls per row: mirror {Rows[0].MirrorCalls:N0} / {Rows[^1].MirrorCalls:N0}, eth_call {Rows[0].ChainCalls:N0} / {Rows[^1].ChainCalls:N0}, " +
                         "after a tenth as many untimed.");
        return 0;
    }

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
            await patient.Client.GrantAccessAsync(provider.Address, pointerId, viewer.Address, expiresAt, ct);
            var request = new AccessRequest(viewer.Address, patient.Address, provider.Address, BenchChain.Hex(pointerId), AccessAction.Read,
                AccessRequest.ZeroPointer, 0);
            checks.Add(new Check(request, world.Grains.Relationship(patient.Address, provider.Address), pointerId));
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
            await world.Reader.RequireAccessAsync(first.Request.Patient, first.Request.Provider, first.PointerId, stranger.Address);
            throw new InvalidOperationException("requireAccess granted a stranger");
        }
        catch (ChainRevertException e) when (e.ErrorName == "GrantNotFound")
        {
        }

        return checks;
    }
}
