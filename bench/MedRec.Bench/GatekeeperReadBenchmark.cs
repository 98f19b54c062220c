using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Mirror;
using MedRec.Grains.Access;
using MedRec.Grains.Mirror;
using MedRec.Grains.Publishing;
using MedRec.Grains.Records;
using MedRec.Grains.Signing;
using MedRec.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static MedRec.Bench.Measurements;

namespace MedRec.Bench;

/// <summary>
/// Issue 4: a full gatekeeper read of one pointer (IGatekeeperGrain.ReadAsync with a request signed by the patient:
/// signature recovery, nonce spent, decision on the mirror, the stored query checked against its on-chain commitment,
/// the query, the result re-hashed against the on-chain hash, the audit entry written) vs the bare PostgreSQL query of
/// the same pointer (the provider store's parameterized SELECT, IProviderStore.QueryAsync), at the same concurrency.
/// </summary>
public static class GatekeeperReadBenchmark
{
    /// <summary>Patients reading their own records, taken in turn. Several, as at a real provider: each asker's nonces
    /// live in one grain until they expire, and one asker at hundreds of reads per second would be a different load.</summary>
    public const int Patients = 32;
    public const int RecordsPerPatient = 12;

    private static readonly (int Callers, int Calls)[] Rows = [(1, 3_000), (8, 6_000)];

    /// <summary>Timed calls of each step in the breakdown (one caller).</summary>
    private const int StepCalls = 2_000;

    /// <summary>Nonces one asker has outstanding in the breakdown's second nonce row: a client sending ~17 signed
    /// requests a second to one provider keeps this many within the 5-minute request lifetime.</summary>
    private const int OutstandingNonces = 5_000;


    public static async Task<int> RunAsync(TextWriter output, CancellationToken ct)
    {
        var loadBefore = MachineLoad.Describe();
        await using var world = await AccessBenchWorld.StartAsync(providers: 1, withStores: true, ct);
        var provider = world.Providers[0];
        var store = world.Store(provider);
        var targets = await ReadTarget.PublishAsync(world, provider, Patients, RecordsPerPatient, ct);

        var gatekeeper = world.Grains.GetGrain<IGatekeeperGrain>(provider.Address);
        var results = new List<(Run Gatekeeper, Run Bare)>();
        foreach (var (callers, calls) in Rows)
        {
            var warmUp = calls / 10;
            var requests = ReadTarget.SignReads(world, targets, provider, warmUp + calls);
            var read = await TimeAsync(callers, warmUp, calls, async i =>
            {
                var answer = await gatekeeper.ReadAsync(requests[i]);
                var expected = targets[i % targets.Count].Pointer.RecordCount;
                if (answer.Outcome != ProviderOutcome.Ok || answer.Pointers.Count != 1 || answer.Pointers[0].RecordCount != expected)
                    throw new InvalidOperationException($"the gatekeeper answered {answer.Outcome} {answer.Reason}");
            }, world.PostgresCpu);
            Progress.Report($"gatekeeper, {callers} callers: {read.PerSecond:N0}/s");
            var bare = await TimeAsync(callers, warmUp, calls, i => ReadTarget.BareQueryAsync(store, targets, i), world.PostgresCpu);
            Progress.Report($"bare query, {callers} callers: {bare.PerSecond:N0}/s");
            results.Add((read, bare));
        }

        var steps = await BreakdownAsync(world, targets, ct);

        var sizes = targets.Select(t => t.Pointer.RecordCount).ToList();
        output.WriteLine($"Gatekeeper read vs the bare PostgreSQL query, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores " +
                         $"({loadBefore} before, {MachineLoad.Describe()} after): {Patients} patients each reading their largest pointer " +
                         $"({sizes.Min()}-{sizes.Max()} records) at one provider, taken in turn; every answer checked (Ok, record count). " +
                         "Requests signed before the clock starts. Timed reads per row: " +
                         $"{string.Join(" / ", Rows.Select(r => r.Calls.ToString("N0")))}, after a tenth as many untimed.");
        output.WriteLine();
        output.WriteLine("| callers | gatekeeper reads/s | p50 ms | p99 ms | CPU ms per read (silo / PostgreSQL) | bare query reads/s | p50 ms | p99 ms | CPU ms per read (client / PostgreSQL) | overhead p50 | overhead p99 | overhead reads/s |");
        output.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (read, bare) in results)
        {
            output.WriteLine($"| {read.Callers} | {Rate(read.PerSecond)} | {Latencies.Format(read.P50)} | {Latencies.Format(read.P99)} | {Cpu(read)} | " +
                             $"{Rate(bare.PerSecond)} | {Latencies.Format(bare.P50)} | {Latencies.Format(bare.P99)} | {Cpu(bare)} | " +
                             $"{read.P50 / bare.P50:0.0}x | {read.P99 / bare.P99:0.0}x | {bare.PerSecond / read.PerSecond:0.0}x |");
        }

        output.WriteLine();
        output.WriteLine("CPU ms per read: this process's CPU time (silo, callers, and whatever else the process did meanwhile, e.g. the " +
                         "indexer polling anvil) and PostgreSQL's (postmaster and backends, from /proc, 10 ms resolution), divided by the " +
                         "timed reads. Overhead = gatekeeper / bare. No goal is set for the overhead.");
        output.WriteLine();
        output.WriteLine($"Where a read's time goes: each step of the gatekeeper's path called on its own from outside a grain, one caller, " +
                         $"{StepCalls:N0} calls after {StepCalls / 10:N0} untimed, on the same pointers; nonces on {Patients} fresh askers' grains, " +
                         "as the figure's own reads spread them.");
        output.WriteLine();
        output.WriteLine("| step | p50 ms | p99 ms | mean ms |");
        output.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (var (step, run) in steps)
        {
            output.WriteLine($"| {step} | {Latencies.Format(run.P50)} | {Latencies.Format(run.P99)} | {Latencies.Format(run.Latencies.Mean)} |");
        }

        var whole = results[0].Gatekeeper.Latencies.Mean;
        var sum = steps.Where(s => !s.Step.Contains("outstanding", StringComparison.Ordinal) && !s.Step.Contains("verified before", StringComparison.Ordinal))
            .Sum(s => s.Run.Latencies.Mean);
        output.WriteLine($"| sum of the steps (means, without the {OutstandingNonces:N0}-nonce and verified-before rows) vs the whole read (mean, one caller) | | | {Latencies.Format(sum)} of {Latencies.Format(whole)} |");
        return 0;
    }

    private static string Cpu(Run run) =>
        $"{Latencies.Format(run.CpuPerCall.TotalMilliseconds)} / {(run.ExternalCpuPerCall is { } pg ? Latencies.Format(pg.TotalMilliseconds) : "?")}";

    /// <summary>The gatekeeper's steps one at a time, as GatekeeperGrain.ReadAsync runs them.</summary>
    private static async Task<List<(string Step, Run Run)>> BreakdownAsync(AccessBenchWorld world, List<ReadTarget> targets, CancellationToken ct)
    {
        var provider = world.Providers[0];
        var store = world.Store(provider);
        var verifier = world.Services.GetRequiredService<AccessRequestVerifier>();
        var calls = StepCalls + StepCalls / 10;
        var signed = AccessBenchWorld.SignMany(targets.Count, i => world.Sign(targets[i].Patient, targets[i].Patient, provider.Address, targets[i].Pointer.PointerId));
        // A fresh request per call, so every verification recovers its signature (the verifier remembers recoveries).
        var fresh = AccessBenchWorld.SignMany(calls, i => world.Sign(targets[i % targets.Count].Patient, targets[i % targets.Count].Patient,
            provider.Address, targets[i % targets.Count].Pointer.PointerId));
        var views = world.Services.GetRequiredService<RelationshipViewCache>();
        var relationships = targets.Select(t => world.Grains.Relationship(t.Patient.Address, provider.Address)).ToList();
        var pointers = new List<PointerView>();
        for (var i = 0; i < targets.Count; i++)
        {
            pointers.Add((await relationships[i].GetAsync()).Pointers.Single(p => p.PointerId == targets[i].Pointer.PointerId));
        }

        // Fresh askers, as many as the figure's patients, so their nonce grains grow as the figure's do.
        var nonceGrains = targets.Select(_ => world.Grains.GetGrain<INonceGrain>($"{provider.Address}:{AccessRequestSigner.CreateRandom().Address}")).ToList();
        var nonces = Enumerable.Range(0, calls).Select(_ => AccessRequestSigner.NewNonce()).ToList();
        var busyAsker = world.Grains.GetGrain<INonceGrain>($"{provider.Address}:{AccessRequestSigner.CreateRandom().Address}");
        var expiresAt = (ulong)DateTimeOffset.UtcNow.Add(AccessBenchWorld.RequestLifetime).ToUnixTimeSeconds();

        var steps = new List<(string, Run)>
        {
            ("signature check: AccessRequestVerifier.Verify (format, expiry, EIP-712 digest, recovery), a new request each call",
                await TimeAsync(1, StepCalls / 10, StepCalls, i => { verifier.Verify(fresh[i]); return Task.CompletedTask; })),
            ("signature check of a request verified before (its recovery remembered, as at every gatekeeper of a fan-out after the history grain)",
                await TimeAsync(1, StepCalls / 10, StepCalls, i => { verifier.Verify(signed[i % signed.Length]); return Task.CompletedTask; })),
            ("nonce: INonceGrain.TryUseAsync (memory grain storage)",
                await TimeAsync(1, StepCalls / 10, StepCalls, async i =>
                {
                    if (!await nonceGrains[i % nonceGrains.Count].TryUseAsync(nonces[i], expiresAt)) throw new InvalidOperationException("a fresh nonce was refused");
                })),
            ($"nonce, one asker with {OutstandingNonces:N0} nonces outstanding (filled untimed, then {StepCalls / 4:N0} calls timed)",
                await TimeAsync(1, OutstandingNonces, StepCalls / 4, async _ =>
                {
                    if (!await busyAsker.TryUseAsync(AccessRequestSigner.NewNonce(), expiresAt)) throw new InvalidOperationException("a fresh nonce was refused");
                })),
            ("decision: RelationshipViewCache.GetAsync (the silo's copy of the grain's view) + AccessDecision.Decide",
                await TimeAsync(1, StepCalls / 10, StepCalls, async i =>
                {
                    var request = signed[i % signed.Length].Request;
                    var view = await views.GetAsync(world.Grains, request.Patient, request.Provider);
                    if (!AccessDecision.Decide(view, request, (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds()).Granted)
                        throw new InvalidOperationException("the mirror denied the patient");
                })),
            ("pointer: PointerReader.ReadAsync (definition, commitment, query on one connection, hash, Bundle)",
                await TimeAsync(1, StepCalls / 10, StepCalls, async i =>
                {
                    var answer = await PointerReader.ReadAsync(store, targets[i % targets.Count].Patient.Address, pointers[i % targets.Count], ct);
                    if (answer.Verdict != IntegrityVerdict.Verified) throw new InvalidOperationException($"pointer read: {answer.Verdict}");
                })),
            ("audit: IProviderStore.AppendAuditAsync (one insert, autocommit)",
                await TimeAsync(1, StepCalls / 10, StepCalls, i =>
                {
                    var target = targets[i % targets.Count];
                    return store.AppendAuditAsync(new AuditEntry(Guid.NewGuid().ToString("n"), DateTimeOffset.UtcNow, provider.Address, target.Patient.Address,
                        target.Patient.Address, target.Pointer.PointerId, AccessAction.Read, true, "granted", "0x" + new string('0', 64)), ct);
                })),
        };
        return steps;
    }
}
