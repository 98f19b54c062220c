using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MedRec.Grains.Abstractions.Chain;
using MedRec.Grains.Abstractions.Research;
using MedRec.Grains.Records;
using MedRec.Grains.Signing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Nethereum.Signer;
using Npgsql;
using NpgsqlTypes;
using Orleans.Runtime;

namespace MedRec.Bench;

/// <summary>
/// Issue 8: one research aggregate (mean systolic blood pressure per year, k = 10) over synthetic patients spread over
/// PostgreSQL provider stores, through the research grain (signature, role, fan-out to every gatekeeper, store SQL per
/// provider, consent filter from the cohort mirror, keyed hashes, merge, suppression, audit), side by side with the
/// same aggregate as one SQL statement over one combined database (the centralized baseline), alternating in one run.
/// Records and patient links are bulk-loaded (COPY) into the stores' own tables; consent is fed to the cohort mirror
/// through its stream (100,000 consent transactions would take the chain most of an hour here); the researcher is
/// registered on chain and its validator seals the quota window.
/// </summary>
public static class ResearchAggregateBenchmark
{
    public const int Patients = 100_000;
    private const int Providers = 20;
    private const int Runs = 30;
    private const string Query = "Observation?measure=mean&code=http://loinc.org|8480-6&group=year";

    public static async Task<int> RunAsync(TextWriter output, int patients, CancellationToken ct)
    {
        await using var world = await AccessBenchWorld.StartAsync(Providers, withStores: true, ct);
        var stores = world.Services.GetRequiredService<IOptions<ProviderStoreOptions>>().Value.Providers;
        var connectionString = stores.Values.First().ConnectionString!;
        var addresses = Enumerable.Range(0, patients).Select(_ => "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20))).ToList();
        var random = new Random(8);
        var consenting = addresses.Where(_ => random.NextDouble() < 0.8).ToHashSet(StringComparer.Ordinal);

        var load = Stopwatch.StartNew();
        var combined = new PostgreSqlProviderStore(connectionString, "combined");
        await combined.MigrateAsync(ct);
        var providerSchemas = new List<string>();
        foreach (var provider in world.Providers)
        {
            await world.Store(provider).MigrateAsync(ct);
            providerSchemas.Add(stores[provider.Client.Address.ToLowerInvariant()].Schema!);
        }

        // Each patient at one provider; every tenth also at a second one. Four readings a patient, 2022..2025, plus a
        // Condition that the query does not select.
        var rows = new List<(int Provider, string Address, string Local, int Year, double Value)>();
        for (var i = 0; i < patients; i++)
        {
            var home = i % Providers;
            var at = i % 10 == 0 ? new[] { home, (home + 7) % Providers } : [home];
            foreach (var p in at)
            {
                for (var year = 2022; year <= 2025; year++) rows.Add((p, addresses[i], $"p{i}", year, Math.Round(125 + 15 * Gaussian(random), 1)));
            }
        }

        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(ct);
            for (var p = 0; p < Providers; p++) await CopyAsync(connection, providerSchemas[p], rows.Where(r => r.Provider == p).ToList(), ct);
            await CopyAsync(connection, "combined", rows, ct);
            await Execute(connection, "CREATE TABLE IF NOT EXISTS combined.consent (patient_address text COLLATE \"C\" PRIMARY KEY)", ct);
            await using (var writer = await connection.BeginBinaryImportAsync("COPY combined.consent (patient_address) FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var address in consenting) { await writer.StartRowAsync(ct); await writer.WriteAsync(address, NpgsqlDbType.Text, ct); }
                await writer.CompleteAsync(ct);
            }

            foreach (var schema in providerSchemas.Append("combined")) await Execute(connection, $"ANALYZE \"{schema}\".records; ANALYZE \"{schema}\".patient_links", ct);
        }

        // Consent into the cohort mirror, through its stream, as the indexer would publish it.
        var streams = world.Services.GetRequiredService<IClusterClient>().GetStreamProvider(ChainStreams.ProviderName);
        var block = 1UL;
        foreach (var shard in addresses.GroupBy(ResearchCohort.ShardOf))
        {
            var stream = streams.GetStream<ChainEventEnvelope>(StreamId.Create(ChainStreams.Namespaces.ResearchConsentChanged, shard.Key));
            foreach (var batch in shard.Where(consenting.Contains).Chunk(1000))
            {
                var hash = "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
                await stream.OnNextBatchAsync(batch.Select((a, i) => new ChainEventEnvelope(new ChainEventId(block, hash, i, hash), new ResearchConsentChanged(a, true))).ToList());
                block++;
            }
        }

        var deadline = DateTime.UtcNow.AddMinutes(5);
        while ((await Task.WhenAll(ResearchCohort.Shards.Select(s => world.Grains.GetGrain<IResearchCohortGrain>(s).CountAsync()))).Sum() < consenting.Count)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The cohort mirror did not take every consent in 5 minutes.");
            await Task.Delay(100, ct);
        }

        var researcherKey = EthECKey.GenerateKey();
        var signer = new ApiRequestSigner(researcherKey);
        await world.Chain.Root.RegisterResearcherAsync(signer.Address, RandomNumberGenerator.GetBytes(32), "0x" + new string('5', 40), ct);
        while (!(await world.Grains.GetGrain<IResearcherGrain>(signer.Address.ToLowerInvariant()).GetAsync()).Registered)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The researcher was not mirrored.");
            await Task.Delay(50, ct);
        }

        // The researcher's validator seals the whole quota window (anvil's coinbase), so the quota (1,000 a day) is not in the way.
        await world.Chain.Node.Web3.Client.SendRequestAsync<object>("anvil_setCoinbase", null, "0x" + new string('5', 40));
        await world.Chain.Node.Web3.Client.SendRequestAsync<object>("anvil_mine", null, "0x100");
        load.Stop();
        var body = Encoding.UTF8.GetBytes($"{{\"query\":\"{Query}\"}}");
        var baselineSql =
            "SELECT CAST(EXTRACT(YEAR FROM r.effective AT TIME ZONE 'UTC') AS integer) AS year, COUNT(DISTINCT l.patient_address) AS patients, COUNT(*) AS records, " +
            "AVG(CAST(CAST(CAST(r.json AS jsonb) -> 'valueQuantity' -> 'value' AS text) AS double precision)) AS mean\n" +
            "FROM combined.records r JOIN combined.patient_links l ON l.local_patient_id = r.local_patient_id JOIN combined.consent c ON c.patient_address = l.patient_address\n" +
            "WHERE r.resource_type = @resource_type AND r.code_system = @code_system AND r.code = @code\n" +
            "GROUP BY 1 HAVING COUNT(DISTINCT l.patient_address) >= 10 ORDER BY 1";
        await using var baseline = new NpgsqlConnection(connectionString);
        await baseline.OpenAsync(ct);

        var distributed = new List<double>();
        var central = new List<double>();
        ResearchAnswer? answer = null;
        long baselinePatients = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        for (var run = 0; run < Runs + 3; run++)
        {
            var signed = signer.Sign(signer.NewRequest("POST", ResearchDenials.Path, body, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(4)), world.Domain);
            var started = Stopwatch.GetTimestamp();
            answer = await world.Grains.GetGrain<IResearchGrain>(0).QueryAsync(signed, Encoding.UTF8.GetString(body));
            var a = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (answer.Refusal is not null) throw new InvalidOperationException($"The research query was refused: {answer.Refusal} {answer.RefusalDetail}");

            started = Stopwatch.GetTimestamp();
            await using var command = new NpgsqlCommand(baselineSql, baseline);
            command.Parameters.AddWithValue("resource_type", "Observation");
            command.Parameters.AddWithValue("code_system", "http://loinc.org");
            command.Parameters.AddWithValue("code", "8480-6");
            baselinePatients = 0;
            await using (var reader = await command.ExecuteReaderAsync(ct))
            {
                while (await reader.ReadAsync(ct)) baselinePatients = Math.Max(baselinePatients, reader.GetInt64(1));
            }

            var b = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (run >= 3) { distributed.Add(a); central.Add(b); }
        }

        var released = answer!.Cells.Where(c => c.Suppressed is null).ToList();
        await output.WriteLineAsync($"## Research aggregate over {patients:N0} patients and {Providers} providers (issue 8)");
        await output.WriteLineAsync();
        await output.WriteLineAsync($"Query `{Query}`, k = 10; {rows.Count:N0} matching records ({patients / 10:N0} patients at two providers), {consenting.Count:N0} patients opted in; load {load.Elapsed.TotalSeconds:F0} s; {Runs} runs each after 3 warm-up, alternating; {Environment.ProcessorCount} cores, load average {LoadAverage()}.");
        await output.WriteLineAsync();
        await output.WriteLineAsync("| path | p50 ms | p99 ms | cells released | max patients in a cell |");
        await output.WriteLineAsync("| --- | ---: | ---: | ---: | ---: |");
        await output.WriteLineAsync($"| research grain: {Providers} gatekeepers, store SQL each, cohort filter, keyed hashes, merge, audit | {P(distributed, 0.5):F1} | {P(distributed, 0.99):F1} | {released.Count} | {released.Max(c => c.Patients)} |");
        await output.WriteLineAsync($"| centralized baseline: one SQL over one combined database (consent as a table) | {P(central, 0.5):F1} | {P(central, 0.99):F1} | {released.Count} | {baselinePatients} |");
        await output.WriteLineAsync();
        await output.WriteLineAsync($"Ratio of p50: {P(distributed, 0.5) / P(central, 0.5):F1}x. Bench process CPU during the runs: {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F1} s.");
        return 0;
    }

    private static async Task CopyAsync(NpgsqlConnection connection, string schema, List<(int Provider, string Address, string Local, int Year, double Value)> rows, CancellationToken ct)
    {
        await using (var links = await connection.BeginBinaryImportAsync($"COPY \"{schema}\".patient_links (patient_address, local_patient_id, created_at) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var (address, local) in rows.Select(r => (r.Address, r.Local)).Distinct())
            {
                await links.StartRowAsync(ct);
                await links.WriteAsync(address, NpgsqlDbType.Text, ct);
                await links.WriteAsync(local, NpgsqlDbType.Text, ct);
                await links.WriteAsync(DateTime.UnixEpoch, NpgsqlDbType.TimestampTz, ct);
            }

            await links.CompleteAsync(ct);
        }

        await using var records = await connection.BeginBinaryImportAsync(
            $"COPY \"{schema}\".records (resource_type, id, local_patient_id, category, code_system, code, effective, json) FROM STDIN (FORMAT BINARY)", ct);
        var n = 0;
        foreach (var r in rows)
        {
            var id = $"bp-{n++}";
            var effective = new DateTime(r.Year, 1 + n % 12, 1 + n % 28, 8, 0, 0, DateTimeKind.Utc);
            var json = $"{{\"resourceType\":\"Observation\",\"id\":\"{id}\",\"status\":\"final\",\"category\":[{{\"coding\":[{{\"system\":\"http://terminology.hl7.org/CodeSystem/observation-category\",\"code\":\"vital-signs\"}}]}}]," +
                $"\"code\":{{\"coding\":[{{\"system\":\"http://loinc.org\",\"code\":\"8480-6\"}}]}},\"subject\":{{\"reference\":\"Patient/{r.Local}\"}}," +
                $"\"effectiveDateTime\":\"{effective:yyyy-MM-ddTHH:mm:ssZ}\",\"valueQuantity\":{{\"value\":{r.Value.ToString(CultureInfo.InvariantCulture)},\"unit\":\"mm[Hg]\"}}}}";
            await WriteRecordAsync(records, "Observation", id, r.Local, "vital-signs", "http://loinc.org", "8480-6", effective, json, ct);
            if (r.Year == 2022)
            {
                var condition = $"c-{n}";
                await WriteRecordAsync(records, "Condition", condition, r.Local, "problem-list-item", "http://snomed.info/sct", "38341003", effective,
                    $"{{\"resourceType\":\"Condition\",\"id\":\"{condition}\",\"subject\":{{\"reference\":\"Patient/{r.Local}\"}}}}", ct);
            }
        }

        await records.CompleteAsync(ct);
    }

    private static async Task WriteRecordAsync(NpgsqlBinaryImporter writer, string type, string id, string local, string category, string system, string code,
        DateTime effective, string json, CancellationToken ct)
    {
        await writer.StartRowAsync(ct);
        await writer.WriteAsync(type, NpgsqlDbType.Text, ct);
        await writer.WriteAsync(id, NpgsqlDbType.Text, ct);
        await writer.WriteAsync(local, NpgsqlDbType.Text, ct);
        await writer.WriteAsync(category, NpgsqlDbType.Text, ct);
        await writer.WriteAsync(system, NpgsqlDbType.Text, ct);
        await writer.WriteAsync(code, NpgsqlDbType.Text, ct);
        await writer.WriteAsync(effective, NpgsqlDbType.TimestampTz, ct);
        await writer.WriteAsync(json, NpgsqlDbType.Text, ct);
    }

    private static async Task Execute(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    private static double P(List<double> values, double quantile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(quantile * sorted.Count) - 1)];
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
