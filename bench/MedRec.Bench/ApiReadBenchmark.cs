using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Indexing;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Writes;
using MedRec.Grains.Records;
using MedRec.Grains.Records.Synthetic;
using MedRec.Grains.Signing;
using MedRec.Host.Api;
using MedRec.Host.Api.Client;
using MedRec.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Signer;
using static MedRec.Bench.Measurements;

namespace MedRec.Bench;

/// <summary>
/// Issue 5: GET one pointer over HTTP (API host built by MedRecApiHost.Build with its co-hosted silo, on loopback;
/// requests signed by the patients before the clock starts; the API hands each to the gatekeeper, which verifies the
/// signature, spends the nonce, decides on the mirror, runs and re-hashes the query and writes the audit entry), side
/// by side with the bare PostgreSQL query of the same pointers, at the same concurrency.
/// </summary>
public static class ApiReadBenchmark
{
    public const int Patients = 32;
    public const int RecordsPerPatient = 12;

    private static readonly (int Callers, int Calls)[] Rows = [(1, 2_000), (8, 6_000), (32, 6_000)];

    private sealed record Target(string Patient, PublishedPointerInfo Pointer, PointerQuery Query, AccessRequestSigner Signer);

    public static async Task<int> RunAsync(TextWriter output, CancellationToken ct)
    {
        var loadBefore = MachineLoad.Describe();
        var directory = Directory.CreateTempSubdirectory("medrec-bench-api-").FullName;
        try
        {
            await using var chain = await TestChain.StartAsync(cancellationToken: ct);
            await using var postgres = await ThrowawayPostgres.StartAsync();
            var database = await postgres.CreateDatabaseAsync("api");
            var deploymentFile = Path.Combine(directory, "deployment.json");
            await DeploymentFile.WriteAsync(deploymentFile, chain.Deployment, ct);

            var providerKey = EthECKey.GenerateKey();
            var provider = providerKey.GetPublicAddress().ToLowerInvariant();
            await chain.Node.FundAsync(provider);
            await chain.Root.RegisterProviderAsync(provider, RandomNumberGenerator.GetBytes(32), "https://gatekeeper.bench.example/fhir", ct);
            var identities = Path.Combine(directory, "demo-identities.json");
            await File.WriteAllTextAsync(identities, JsonSerializer.Serialize(new[]
            {
                new { role = "provider", name = "bench provider", address = provider, privateKey = Convert.ToHexStringLower(providerKey.GetPrivateKeyAsBytes()) },
            }), ct);

            var settings = new Dictionary<string, string?>
            {
                ["urls"] = "http://127.0.0.1:0",
                ["Logging:LogLevel:Default"] = "None", // the figure is the only thing on stdout
                ["Orleans:ClusterId"] = $"bench-{Guid.NewGuid():N}",
                ["Orleans:ServiceId"] = $"medrec-bench-{Guid.NewGuid():N}",
                [$"{MedRecApiOptions.Section}:SiloPort"] = "0",
                [$"{MedRecApiOptions.Section}:GatewayPort"] = "0",
                [$"{ChainIndexerOptions.Section}:DeploymentFile"] = deploymentFile,
                [$"{ChainIndexerOptions.Section}:PollInterval"] = "00:00:00.020",
                ["MedRec:Streams:QueuePollInterval"] = "00:00:00.020",
                ["MedRec:KeyStore:IdentitiesFile"] = identities,
                [$"{ProviderStoreOptions.SectionName}:{provider}:Kind"] = nameof(ProviderStoreKind.PostgreSql),
                [$"{ProviderStoreOptions.SectionName}:{provider}:ConnectionString"] = database,
                [$"{ProviderStoreOptions.SectionName}:{provider}:Schema"] = "provider_0",
            };
            await using var app = MedRecApiHost.Build([], settings);
            await app.StartAsync(ct);
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
            {
                BaseAddress = address,
            };
            var providerApi = new MedRecApiClient(http, providerKey);
            var domain = await providerApi.DomainAsync(ct);

            // Patients registered directly on chain (setup, not measured); their records added through the API.
            var synthetic = new SyntheticHealthData(seed: 5, referenceDate: new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
            var store = app.Services.GetRequiredService<IProviderStoreFactory>().For(provider);
            var targets = new List<Target>();
            for (var i = 0; i < Patients; i++)
            {
                var patient = await chain.NewPatientAsync(ct);
                await WaitForPatientAsync(app.Services.GetRequiredService<IGrainFactory>(), patient.Address, ct);
                var records = synthetic.RecordsFor(synthetic.Patient(i), 0, RecordsPerPatient).Select(FhirJson.Serialize);
                var added = await providerApi.AddProviderRecordsAsync(patient.Address, records, cancellationToken: ct);
                await providerApi.WaitForAppliedAsync(added, cancellationToken: ct);
                var largest = added.Pointers!.OrderByDescending(p => p.RecordCount).First();
                var pointer = (await store.PointersOfPatientAsync(patient.Address, ct)).Single(p => p.PointerId == largest.PointerId);
                targets.Add(new Target(patient.Address, largest, PointerQuery.Parse(pointer.Query), patient.Signer));
            }

            var results = new List<(Run Api, Run Bare)>();
            foreach (var (callers, calls) in Rows)
            {
                var warmUp = calls / 10;
                var requests = new (string Path, SignedAccessRequest Signed)[warmUp + calls];
                Parallel.For(0, requests.Length, i =>
                {
                    var target = targets[i % targets.Count];
                    requests[i] = ($"api/patients/{target.Patient}/providers/{provider}/pointers/{target.Pointer.PointerId}",
                        target.Signer.SignNew(domain, target.Patient, provider, target.Pointer.PointerId, AccessAction.Read,
                            DateTimeOffset.UtcNow, TimeSpan.FromMinutes(4)));
                });
                var api = await TimeAsync(callers, warmUp, calls, async i =>
                {
                    var (path, signed) = requests[i];
                    using var request = new HttpRequestMessage(HttpMethod.Get, path);
                    request.Headers.TryAddWithoutValidation("MedRec-Signer", signed.Request.Asker);
                    request.Headers.TryAddWithoutValidation("MedRec-Nonce", signed.Request.Nonce);
                    request.Headers.TryAddWithoutValidation("MedRec-Expires", signed.Request.ExpiresAt.ToString(CultureInfo.InvariantCulture));
                    request.Headers.TryAddWithoutValidation("MedRec-Signature", signed.Signature);
                    using var response = await http.SendAsync(request, ct);
                    var body = await response.Content.ReadAsByteArrayAsync(ct);
                    if (response.StatusCode != HttpStatusCode.OK)
                        throw new InvalidOperationException($"the API answered {(int)response.StatusCode}: {System.Text.Encoding.UTF8.GetString(body)}");
                }, postgres.ServerProcessId is var pid ? () => ProcessCpu.OfTree(pid) : null);
                Progress.Report($"API, {callers} callers: {api.PerSecond:N0}/s");
                var bare = await TimeAsync(callers, warmUp, calls, async i =>
                {
                    var target = targets[i % targets.Count];
                    var records = await store.QueryAsync(target.Query, CancellationToken.None);
                    if (records.Count != target.Pointer.RecordCount) throw new InvalidOperationException("the bare query returned another result");
                }, () => ProcessCpu.OfTree(pid));
                Progress.Report($"bare query, {callers} callers: {bare.PerSecond:N0}/s");
                results.Add((api, bare));
            }

            await app.StopAsync(CancellationToken.None);

            var sizes = targets.Select(t => t.Pointer.RecordCount).ToList();
            output.WriteLine($"GET one pointer over HTTP vs the bare PostgreSQL query, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores " +
                             $"({loadBefore} before, {MachineLoad.Describe()} after): {Patients} patients each reading their largest pointer " +
                             $"({sizes.Min()}-{sizes.Max()} records) at one provider, taken in turn, through one API host with its co-hosted silo " +
                             "on loopback (HTTP/1.1, pooled connections; load generator in the same process). Every answer checked (200). " +
                             "Requests signed before the clock starts. Timed reads per row: " +
                             $"{string.Join(" / ", Rows.Select(r => r.Calls.ToString("N0", CultureInfo.InvariantCulture)))}, after a tenth as many untimed.");
            output.WriteLine();
            output.WriteLine("| callers | API reads/s | p50 ms | p99 ms | CPU ms per read (host / PostgreSQL) | bare query reads/s | p50 ms | p99 ms | overhead p50 | overhead p99 | overhead reads/s |");
            output.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
            foreach (var (api, bare) in results)
            {
                output.WriteLine($"| {api.Callers} | {Rate(api.PerSecond)} | {Latencies.Format(api.P50)} | {Latencies.Format(api.P99)} | " +
                                 $"{Latencies.Format(api.CpuPerCall.TotalMilliseconds)} / {(api.ExternalCpuPerCall is { } pg ? Latencies.Format(pg.TotalMilliseconds) : "?")} | " +
                                 $"{Rate(bare.PerSecond)} | {Latencies.Format(bare.P50)} | {Latencies.Format(bare.P99)} | " +
                                 $"{api.P50 / bare.P50:0.0}x | {api.P99 / bare.P99:0.0}x | {bare.PerSecond / api.PerSecond:0.0}x |");
            }

            output.WriteLine();
            output.WriteLine("Goal (issue 5): >= 1,000 approved reads/s with p99 <= 20 ms. Overhead = API / bare.");
            return 0;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The API refuses records for a patient the mirror does not know yet (404): wait for the registration.</summary>
    private static async Task WaitForPatientAsync(IGrainFactory grains, string patient, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!(await grains.GetGrain<MedRec.Grains.Abstractions.Mirror.IPatientGrain>(patient).GetAsync()).Registered)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the mirror did not show patient {patient} within 60 s");
            await Task.Delay(10, ct);
        }
    }
}
