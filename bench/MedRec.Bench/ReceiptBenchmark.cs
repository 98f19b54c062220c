using System.Diagnostics;
using MedRec.ChainIndexer.Indexing;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Access;
using MedRec.Grains.Receipts;
using MedRec.Grains.Signing;
using Microsoft.Extensions.DependencyInjection;
using static MedRec.Bench.Measurements;

namespace MedRec.Bench;

/// <summary>
/// Issue 9: what decision receipts cost. Per answer: the provider signing its receipt (EIP-712 digest + secp256k1,
/// native libsecp256k1 and the managed fallback, and the gatekeeper's whole issue step with the key lookup) and a
/// client verifying one (signature only, and the whole `medrec verify-receipt` check against anvil's logs). On the read
/// path: the full gatekeeper read of one pointer (the gatekeeper-read figure's read) with receipts on vs off
/// (MedRec:Gatekeeper:Receipts), in alternating rounds of the same run. Goal: receipts cost at most 10% of throughput.
/// </summary>
public static class ReceiptBenchmark
{
    public const double Goal = 0.10;

    private const int Patients = 32;
    private const int RecordsPerPatient = 12;
    private const int MicroCalls = 20_000;
    private const int ChainVerifications = 50;
    private static readonly (int Callers, int Calls)[] Rows = [(1, 3_000), (8, 6_000)];
    private const int Rounds = 3;

    public static async Task<int> RunAsync(TextWriter output, CancellationToken ct)
    {
        var loadBefore = MachineLoad.Describe();
        await using var world = await AccessBenchWorld.StartAsync(providers: 1, withStores: true, ct, receiptKeys: true);
        var provider = world.Providers[0];
        var targets = await ReadTarget.PublishAsync(world, provider, Patients, RecordsPerPatient, ct);
        var gatekeeper = world.Grains.GetGrain<IGatekeeperGrain>(provider.Address);
        var issuer = world.Services.GetRequiredService<DecisionReceiptIssuer>();

        // A real answer's receipt: the sample every per-answer row signs or verifies.
        var first = await gatekeeper.ReadAsync(world.Sign(targets[0].Patient, targets[0].Patient, provider.Address, targets[0].Pointer.PointerId));
        var receipt = first.Receipt ?? throw new InvalidOperationException("the gatekeeper answered without a receipt");
        var unsigned = receipt with { Signature = "" };
        var hasher = new DecisionReceiptHasher(world.Domain);
        var digest = hasher.Hash(unsigned);
        var key = (await world.Services.GetRequiredService<IReceiptKeySource>().FindAsync(provider.Address, ct))!;
        var native = key as Secp256k1DigestSigner;
        var view = await world.Grains.GetGrain<MedRec.Grains.Abstractions.Mirror.IRelationshipGrain>(
            MedRec.Grains.Abstractions.Chain.ChainStreams.RelationshipKey(targets[0].Patient.Address, provider.Address)).GetAsync();
        var request = world.Sign(targets[0].Patient, targets[0].Patient, provider.Address, targets[0].Pointer.PointerId).Request;
        var signature = new byte[65];

        var micro = new List<(string Step, double Micros)>
        {
            ("EIP-712 digest of the receipt (DecisionReceiptHasher.Hash, one pointer)", Micro(() => hasher.Hash(unsigned))),
            ("sign the digest, native libsecp256k1 (secp256k1_ecdsa_sign_recoverable)", Micro(() => key.Sign(digest, signature))),
        };
        if (native is not null)
        {
            native.UseNative = false;
            micro.Add(("sign the digest, managed fallback (NBitcoin.Secp256k1)", Micro(() => native.Sign(digest, signature))));
            native.UseNative = NativeSecp256k1.IsAvailable();
        }

        micro.Add(("whole issue step in the gatekeeper: DecisionReceiptIssuer.IssueAsync (key lookup, digest, native sign)",
            Micro(() => issuer.IssueAsync(provider.Address, request, receipt.RequestHash, view, ProviderOutcome.Ok, null, first.Pointers, DateTimeOffset.UtcNow).AsTask().GetAwaiter().GetResult())));
        micro.Add(("verify the signature, native: DecisionReceiptSignature.TryRecover (digest + recovery)", Micro(() => Recover(receipt))));
        SignatureRecovery.UseNative = false;
        try
        {
            micro.Add(("verify the signature, managed fallback", Micro(() => Recover(receipt))));
        }
        finally
        {
            SignatureRecovery.UseNative = NativeSecp256k1.IsAvailable();
        }

        // The whole offline check a patient runs: block hash, logs up to the block, claims.
        var verifier = new ReceiptVerifier(new RpcChainLogSource(world.Chain.Node.RpcUrl), world.Chain.Deployment.Contracts, world.Chain.Deployment.DeploymentBlock);
        var chainLatencies = new Latencies();
        for (var i = 0; i < ChainVerifications + 5; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var report = await verifier.VerifyAsync(receipt, world.Chain.Deployment.ChainId, ct);
            if (!report.Verified) throw new InvalidOperationException("the receipt did not verify: " + string.Join("; ", report.Failures));
            if (i >= 5) chainLatencies.AddSince(started);
        }

        Progress.Report("per-answer costs measured");

        var throughput = new List<(int Callers, int Round, Run Off, Run On)>();
        foreach (var (callers, calls) in Rows)
        {
            for (var round = 1; round <= Rounds; round++)
            {
                var off = await ReadsAsync(world, gatekeeper, issuer, targets, provider, callers, calls, receipts: false);
                var on = await ReadsAsync(world, gatekeeper, issuer, targets, provider, callers, calls, receipts: true);
                Progress.Report($"{callers} callers, round {round}: off {off.PerSecond:N0}/s, on {on.PerSecond:N0}/s");
                throughput.Add((callers, round, off, on));
            }
        }

        issuer.Enabled = true;
        output.WriteLine($"Decision receipts, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores ({loadBefore} before, {MachineLoad.Describe()} after); " +
                         $"libsecp256k1 {(NativeSecp256k1.IsAvailable() ? "loaded" : "missing (managed fallback)")}. A one-pointer receipt from a real read.");
        output.WriteLine();
        output.WriteLine($"Per answer, one thread, {MicroCalls:N0} calls after {MicroCalls / 10:N0} untimed:");
        output.WriteLine();
        output.WriteLine("| step | µs per receipt | receipts/s |");
        output.WriteLine("| --- | ---: | ---: |");
        foreach (var (step, micros) in micro) output.WriteLine($"| {step} | {micros:0.0} | {Rate(1e6 / micros)} |");
        output.WriteLine($"| `medrec verify-receipt`'s whole check against anvil (block hash, eth_getLogs up to the block, decode, claims), {ChainVerifications} runs | " +
                         $"p50 {Latencies.Format(chainLatencies.Percentile(0.5))} ms, p99 {Latencies.Format(chainLatencies.Percentile(0.99))} ms | {Rate(1000 / chainLatencies.Mean)} |");
        output.WriteLine();
        output.WriteLine($"Gatekeeper reads of one pointer ({Patients} patients reading their largest pointer in turn, PostgreSQL store, requests signed " +
                         $"before the clock starts), receipts off then on, {Rounds} rounds per row, every answer checked (Ok, record count, receipt present iff on):");
        output.WriteLine();
        output.WriteLine("| callers | round | off reads/s | on reads/s | off p50 ms | on p50 ms | off CPU ms/read | on CPU ms/read |");
        output.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (callers, round, off, on) in throughput)
        {
            output.WriteLine($"| {callers} | {round} | {Rate(off.PerSecond)} | {Rate(on.PerSecond)} | {Latencies.Format(off.P50)} | {Latencies.Format(on.P50)} | " +
                             $"{Latencies.Format(off.CpuPerCall.TotalMilliseconds)} | {Latencies.Format(on.CpuPerCall.TotalMilliseconds)} |");
        }

        output.WriteLine();
        var met = true;
        foreach (var group in throughput.GroupBy(t => t.Callers))
        {
            var off = group.Sum(t => t.Off.PerSecond) / group.Count();
            var on = group.Sum(t => t.On.PerSecond) / group.Count();
            var cost = 1 - on / off;
            met &= cost <= Goal;
            output.WriteLine($"- {group.Key} caller(s): mean {Rate(off)} reads/s off, {Rate(on)} on: receipts cost {cost:P1} of throughput " +
                             $"(goal <= {Goal:P0}: {(cost <= Goal ? "met" : "NOT met")}).");
        }

        output.WriteLine($"- Goal {(met ? "met" : "not met")} at every concurrency.");
        return 0;
    }

    private static void Recover(DecisionReceipt receipt)
    {
        if (!DecisionReceiptSignature.TryRecover(receipt, out _, out var error)) throw new InvalidOperationException(error);
    }

    private static double Micro(Action action)
    {
        for (var i = 0; i < MicroCalls / 10; i++) action();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < MicroCalls; i++) action();
        return Stopwatch.GetElapsedTime(started).TotalMicroseconds / MicroCalls;
    }

    private static Task<Run> ReadsAsync(AccessBenchWorld world, IGatekeeperGrain gatekeeper, DecisionReceiptIssuer issuer,
        List<ReadTarget> targets, TestSupport.Participant provider, int callers, int calls, bool receipts)
    {
        issuer.Enabled = receipts;
        var warmUp = calls / 10;
        var requests = ReadTarget.SignReads(world, targets, provider, warmUp + calls);
        return TimeAsync(callers, warmUp, calls, async i =>
        {
            var answer = await gatekeeper.ReadAsync(requests[i]);
            var expected = targets[i % targets.Count].Pointer.RecordCount;
            if (answer.Outcome != ProviderOutcome.Ok || answer.Pointers.Count != 1 || answer.Pointers[0].RecordCount != expected || (answer.Receipt is not null) != receipts)
                throw new InvalidOperationException($"the gatekeeper answered {answer.Outcome} {answer.Reason}, receipt {(answer.Receipt is null ? "missing" : "present")}");
        }, world.PostgresCpu);
    }
}
