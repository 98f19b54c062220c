using System.Net;
using System.Text.Json;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Publishing;
using MedRec.Grains.Records;
using MedRec.Host.Api.Signing;
using MedRec.TestSupport;
using static MedRec.Bench.Measurements;

namespace MedRec.Bench;

/// <summary>
/// Issue 5: GET one pointer over HTTP (the API host, its co-hosted silo and gatekeeper, signature verified, nonce
/// spent, decision, query, re-hash, audit, JSON answer) under a closed-loop load generator on loopback, vs the same read
/// straight from PostgreSQL (the provider store's parameterized SELECT), at the same concurrency.
/// </summary>
public static class HttpReadBenchmark
{
    public const int Patients = 32;
    public const int RecordsPerPatient = 12;
    private const double GoalPerSecond = 1_000;
    private const double GoalP99Milliseconds = 20;

    private static readonly (int Callers, int Calls)[] Rows = [(1, 2_000), (8, 6_000), (32, 8_000)];


    public static async Task<int> RunAsync(TextWriter output, CancellationToken ct)
    {
        var loadBefore = MachineLoad.Describe();
        await using var world = await AccessBenchWorld.StartAsync(providers: 1, withStores: true, ct, httpApi: true);
        var provider = world.Providers[0];
        var store = world.Store(provider);
        var targets = await ReadTarget.PublishAsync(world, provider, Patients, RecordsPerPatient, ct);

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Rows.Max(r => r.Callers), UseProxy = false })
        {
            BaseAddress = world.ApiAddress,
        };
        var results = new List<(Run Http, Run Bare)>();
        foreach (var (callers, calls) in Rows)
        {
            var warmUp = calls / 10;
            var requests = ReadTarget.SignReads(world, targets, provider, warmUp + calls);
            var read = await TimeAsync(callers, warmUp, calls, async i =>
            {
                var target = targets[i % targets.Count];
                var path = $"api/patients/{target.Patient.Address}/providers/{provider.Address}/pointers/{target.Pointer.PointerId}";
                using var message = new HttpRequestMessage(HttpMethod.Get, path);
                var signed = requests[i];
                message.Headers.Add(SignedHeaders.SignerHeader, signed.Request.Asker);
                message.Headers.Add(SignedHeaders.NonceHeader, signed.Request.Nonce);
                message.Headers.Add(SignedHeaders.ExpiresHeader, signed.Request.ExpiresAt.ToString(System.Globalization.CultureInfo.InvariantCulture));
                message.Headers.Add(SignedHeaders.SignatureHeader, signed.Signature);
                using var response = await http.SendAsync(message, ct);
                var body = await response.Content.ReadAsByteArrayAsync(ct);
                if (response.StatusCode != HttpStatusCode.OK)
                    throw new InvalidOperationException($"GET {path} answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
                CheckAnswer(body, target.Pointer.RecordCount);
            }, world.PostgresCpu);
            Progress.Report($"HTTP GET, {callers} callers: {read.PerSecond:N0}/s, p99 {read.P99:0.0} ms");
            var bare = await TimeAsync(callers, warmUp, calls, i => ReadTarget.BareQueryAsync(store, targets, i), world.PostgresCpu);
            Progress.Report($"bare query, {callers} callers: {bare.PerSecond:N0}/s");
            results.Add((read, bare));
        }

        var sizes = targets.Select(t => t.Pointer.RecordCount).ToList();
        output.WriteLine($"GET one pointer over HTTP vs the bare PostgreSQL query, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores " +
                         $"({loadBefore} before, {MachineLoad.Describe()} after): {Patients} patients each reading their largest pointer " +
                         $"({sizes.Min()}-{sizes.Max()} records) at one provider, taken in turn, through the API host (co-hosted silo, " +
                         "PostgreSQL store, rate limits off) from a closed-loop HttpClient load generator in the same process; every answer " +
                         "checked (200, outcome Ok, verdict Verified, record count). Requests signed before the clock starts. Timed reads per row: " +
                         $"{string.Join(" / ", Rows.Select(r => r.Calls.ToString("N0")))}, after a tenth as many untimed.");
        output.WriteLine();
        output.WriteLine("| callers | HTTP reads/s | p50 ms | p99 ms | CPU ms per read (API+silo+load generator / PostgreSQL) | bare query reads/s | p50 ms | p99 ms | CPU ms per read (client / PostgreSQL) | overhead reads/s | overhead p50 | goal | met? |");
        output.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | :---: |");
        foreach (var (read, bare) in results)
        {
            var met = read.PerSecond >= GoalPerSecond && read.P99 <= GoalP99Milliseconds;
            output.WriteLine($"| {read.Callers} | {Rate(read.PerSecond)} | {Latencies.Format(read.P50)} | {Latencies.Format(read.P99)} | {Cpu(read)} | " +
                             $"{Rate(bare.PerSecond)} | {Latencies.Format(bare.P50)} | {Latencies.Format(bare.P99)} | {Cpu(bare)} | " +
                             $"{bare.PerSecond / read.PerSecond:0.0}x | {read.P50 / bare.P50:0.0}x | >= 1,000/s, p99 <= 20 ms | {(met ? "yes" : "no")} |");
        }

        output.WriteLine();
        output.WriteLine("Overhead = bare / HTTP in reads per second, HTTP / bare at p50. CPU ms per read: this process's CPU time (API host, " +
                         "silo, indexer polling, and the load generator itself) and PostgreSQL's (from /proc, 10 ms resolution), divided by the timed reads.");
        return 0;
    }

    /// <summary>The answer is a granted, verified read of the expected number of records: a fast refusal must not count.</summary>
    private static void CheckAnswer(byte[] body, int expectedRecords)
    {
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        var outcome = root.GetProperty("outcome").GetString();
        var pointer = root.GetProperty("pointers")[0];
        var verdict = pointer.GetProperty("verdict").GetString();
        var count = pointer.GetProperty("recordCount").GetInt32();
        if (!string.Equals(outcome, "Ok", StringComparison.OrdinalIgnoreCase) || !string.Equals(verdict, "Verified", StringComparison.OrdinalIgnoreCase)
            || count != expectedRecords)
        {
            throw new InvalidOperationException($"the API answered outcome {outcome}, verdict {verdict}, {count} records (expected {expectedRecords})");
        }
    }

    private static string Cpu(Run run) =>
        $"{Latencies.Format(run.CpuPerCall.TotalMilliseconds)} / {(run.ExternalCpuPerCall is { } pg ? Latencies.Format(pg.TotalMilliseconds) : "?")}";
}
