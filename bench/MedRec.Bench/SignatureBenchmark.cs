using System.Diagnostics;
using System.Runtime.InteropServices;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Signing;
using Nethereum.ABI.EIP712;
using Nethereum.Signer;
using Nethereum.Signer.EIP712;

namespace MedRec.Bench;

/// <summary>
/// Issue 4: how many signed access requests one machine can authenticate per second. Nethereum's default EIP-712
/// recovery (generic typed-data encoding + BouncyCastle ECDSA) next to ours (hand-rolled EIP-712 digest +
/// NBitcoin.Secp256k1), each on one thread and on all cores, over the same set of requests signed by distinct keys.
/// </summary>
public static class SignatureBenchmark
{
    public const double Goal = 10_000;

    private const int Samples = 256;

    private static readonly AccessRequestDomain Domain = new(31337, "0x5fbdb2315678afecb367f032d93f642f64180aa3");

    public static int Run(TextWriter output, TimeSpan duration, CancellationToken cancellationToken)
    {
        var samples = Prepare();
        var hasher = new AccessRequestHasher(Domain);
        var verifier = new AccessRequestVerifier(Domain, TimeProvider.System);
        var signatures = samples.Select(s => Convert.FromHexString(s.Signed.Signature.AsSpan(2))).ToArray();
        var digests = samples.Select(s => hasher.Hash(s.Signed.Request)).ToArray();
        var nethereumSignatures = samples.Select(s => EthECDSASignatureFactory.ExtractECDSASignature(s.Signed.Signature)).ToArray();

        // Each path answers the signer's address for sample i; every path is checked on every sample before it is timed.
        var paths = new (string Name, string What, bool Native, Func<int, string> Recover)[]
        {
            ("Nethereum default (RecoverFromSignatureV4)",
                "typed data built from the request, Nethereum's generic EIP-712 encoding, BouncyCastle ECDSA recovery", false,
                i => Eip712TypedDataSigner.Current.RecoverFromSignatureV4(
                    AccessRequestTypedData.Create(samples[i].Signed.Request, Domain), samples[i].Signed.Signature)),
            ("Nethereum recovery of a precomputed digest",
                "EthECKey.RecoverFromSignature only (BouncyCastle): the default path's elliptic-curve share", false,
                i => EthECKey.RecoverFromSignature(nethereumSignatures[i], digests[i]).GetPublicAddress()),
            ("ours, managed fallback: AccessRequestHasher + SignatureRecovery",
                "hand-rolled EIP-712 digest (cached domain separator) + NBitcoin.Secp256k1 recovery (used when libsecp256k1 is missing)", false,
                i => SignatureRecovery.Recover(hasher.Hash(samples[i].Signed.Request), signatures[i])),
            ("ours, managed fallback: SignatureRecovery of a precomputed digest",
                "NBitcoin.Secp256k1 recovery + keccak of the public key only", false,
                i => SignatureRecovery.Recover(digests[i], signatures[i])),
            ("ours, native: AccessRequestHasher + SignatureRecovery",
                "the same digest, recovery by the C libsecp256k1 (Debian's libsecp256k1-1, P/Invoke): the gatekeeper's default", true,
                i => SignatureRecovery.Recover(hasher.Hash(samples[i].Signed.Request), signatures[i])),
            ("ours, native: AccessRequestVerifier.Verify",
                "the gatekeeper's whole check: format and normalization, expiry window, digest, recovery, compare with the asker", true,
                i => verifier.Verify(samples[i].Signed).Request.Asker),
            ("ours, managed fallback: AccessRequestVerifier.Verify",
                "the same whole check with the managed recovery", false,
                i => verifier.Verify(samples[i].Signed).Request.Asker),
        };

        if (!NativeSecp256k1.IsAvailable())
        {
            Console.Error.WriteLine("libsecp256k1.so.1 is not installed (scripts/setup.sh installs libsecp256k1-1): the native rows are left out");
            paths = [.. paths.Where(p => !p.Native)];
        }

        foreach (var (name, _, native, recover) in paths)
        {
            SignatureRecovery.UseNative = native;
            for (var i = 0; i < samples.Length; i++)
            {
                if (!string.Equals(recover(i), samples[i].Signer.Address, StringComparison.OrdinalIgnoreCase))
                {
                    Console.Error.WriteLine($"error: {name} recovered the wrong signer for sample {i}");
                    return 1;
                }
            }
        }

        var cores = Environment.ProcessorCount;
        var loadBefore = LoadAverage();
        var results = new List<Result>();
        foreach (var (name, what, native, recover) in paths)
        {
            cancellationToken.ThrowIfCancellationRequested();
            SignatureRecovery.UseNative = native;
            var single = Measure(recover, samples.Length, threads: 1, duration);
            var all = Measure(recover, samples.Length, threads: cores, duration);
            results.Add(new Result(name, what, single, all));
            Console.Error.WriteLine($"{name}: {single.PerSecond:N0}/s on 1 thread ({single.PerCpuSecond:N0} per CPU-second), " +
                $"{all.PerSecond:N0}/s on {cores} ({all.PerCpuSecond:N0} per CPU-second)");
        }

        WriteTable(output, results, cores, duration, loadBefore, LoadAverage());
        return 0;
    }

    private static (AccessRequestSigner Signer, SignedAccessRequest Signed)[] Prepare()
    {
        var now = DateTimeOffset.UtcNow;
        return [.. Enumerable.Range(0, Samples).Select(i =>
        {
            var signer = AccessRequestSigner.CreateRandom();
            var request = signer.NewRequest(
                AccessRequestSigner.CreateRandom().Address, i % 4 == 0 ? AccessRequest.ZeroAddress : AccessRequestSigner.CreateRandom().Address,
                i % 3 == 0 ? AccessRequest.ZeroPointer : AccessRequestSigner.NewNonce(), AccessAction.Read, Purposes.All[i % Purposes.All.Count], now, TimeSpan.FromMinutes(5));
            return (signer, signer.Sign(request, Domain));
        })];
    }

    /// <summary>Operations per second of <paramref name="operation"/> over the samples, on <paramref name="threads"/>
    /// threads started together, after a warm-up of a fifth of the duration.</summary>
    private static Rate Measure(Func<int, string> operation, int samples, int threads, TimeSpan duration)
    {
        Run(operation, samples, threads, duration / 5);
        return Run(operation, samples, threads, duration);
    }

    private static Rate Run(Func<int, string> operation, int samples, int threads, TimeSpan duration)
    {
        var counts = new long[threads];
        using var start = new Barrier(threads + 1);
        var stopwatch = new Stopwatch();
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var i = t * (samples / threads);
            long done = 0;
            start.SignalAndWait();
            while (stopwatch.Elapsed < duration)
            {
                for (var k = 0; k < 8; k++, done++) operation(i++ % samples);
            }

            counts[t] = done;
        }) { IsBackground = true }).ToList();
        foreach (var worker in workers) worker.Start();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        stopwatch.Start();
        start.SignalAndWait();
        foreach (var worker in workers) worker.Join();
        stopwatch.Stop();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        return new Rate(counts.Sum() / stopwatch.Elapsed.TotalSeconds, counts.Sum() / cpu.TotalSeconds);
    }

    private static void WriteTable(
        TextWriter output, List<Result> results, int cores, TimeSpan duration, string loadBefore, string loadAfter)
    {
        var baseline = results[0];
        output.WriteLine($"Signed-request recoveries per second, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Machine()}, {cores} logical cores, " +
            $"{RuntimeInformation.FrameworkDescription}; {Samples} requests signed by distinct keys; each figure {duration.TotalSeconds:0.#} s " +
            $"after a warm-up; load average (1/5/15 min) {loadBefore} before, {loadAfter} after.");
        output.WriteLine();
        output.WriteLine($"| path | what it does | 1 thread /s | {cores} threads /s | per CPU-second | µs of CPU per op | vs Nethereum default (1 / {cores} threads) |");
        output.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var r in results)
        {
            output.WriteLine($"| {r.Name} | {r.What} | {r.Single.PerSecond:N0} | {r.All.PerSecond:N0} | {r.Single.PerCpuSecond:N0} | " +
                $"{1e6 / r.Single.PerCpuSecond:N0} | {r.Single.PerSecond / baseline.Single.PerSecond:0.0}x / {r.All.PerSecond / baseline.All.PerSecond:0.0}x |");
        }

        var ours = results.Single(r => r.Name.StartsWith("ours: AccessRequestHasher", StringComparison.Ordinal));
        var verify = results.Single(r => r.Name.Contains("Verify", StringComparison.Ordinal));
        output.WriteLine();
        output.WriteLine($"Goal >= {Goal:N0} recoveries/s (digest + recovery, all cores): {(ours.All.PerSecond >= Goal ? "met" : "NOT met")} " +
            $"({ours.All.PerSecond:N0}/s measured; {ours.Single.PerSecond:N0}/s on one thread; the whole verifier {verify.All.PerSecond:N0}/s). " +
            $"CPU-time capacity of {cores} otherwise idle cores: {cores * ours.Single.PerCpuSecond:N0}/s. " +
            $"Nethereum's default path: {baseline.All.PerSecond:N0}/s on all cores.");
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string Machine()
    {
        var model = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return $"{model ?? RuntimeInformation.ProcessArchitecture.ToString()}, {RuntimeInformation.OSDescription}";
    }

    /// <summary>Operations per second of wall-clock time, and per second of the process's CPU time (what the
    /// operation costs whatever else the machine is running).</summary>
    private sealed record Rate(double PerSecond, double PerCpuSecond);

    private sealed record Result(string Name, string What, Rate Single, Rate All);
}
