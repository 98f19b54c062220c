using System.Security.Cryptography;
using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Indexing;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Mirror;
using MedRec.Grains.Access;
using MedRec.Grains.Publishing;
using MedRec.Grains.Records;
using MedRec.Grains.Records.Synthetic;
using MedRec.Grains.Signing;
using MedRec.Grains.Writes;
using MedRec.Host.Api;
using MedRec.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Signer;

namespace MedRec.Bench;

/// <summary>
/// The access path as the silo runs it, for the issue-4 figures: anvil with the contracts (<see cref="TestChain"/>), a
/// silo configured as Silo/Program.cs configures it (<see cref="TestSilo"/>: memory grain storage, hosted indexer,
/// gatekeepers) and registered providers; with stores, one throwaway PostgreSQL holds every provider's store, a
/// schema each. Patients, records and grants are added by each figure. With <c>httpApi</c>, the silo is the one the API
/// host co-hosts (<see cref="MedRecApiHost.Build"/>, as `medrec dev` runs it), listening on a loopback port.
/// </summary>
public sealed class AccessBenchWorld : IAsyncDisposable
{
    /// <summary>How long a signed request stays valid: under the gatekeeper's 5-minute maximum, and longer than any
    /// measured phase, so requests signed before a phase are all still valid when used.</summary>
    public static readonly TimeSpan RequestLifetime = TimeSpan.FromMinutes(4);

    private readonly TestChain _chain;
    private readonly IAsyncDisposable _host;
    private readonly ThrowawayPostgres? _postgres;
    private readonly string _directory;
    private readonly Dictionary<string, RecordPublisher> _publishers = new(StringComparer.Ordinal);

    private AccessBenchWorld(
        TestChain chain, IAsyncDisposable host, IServiceProvider services, Uri? apiAddress, ThrowawayPostgres? postgres, string directory,
        IReadOnlyList<Participant> providers)
    {
        _chain = chain;
        _host = host;
        Services = services;
        Grains = services.GetRequiredService<IGrainFactory>();
        ApiAddress = apiAddress;
        _postgres = postgres;
        _directory = directory;
        Providers = providers;
        Domain = new AccessRequestDomain((ulong)chain.Deployment.ChainId, chain.Deployment.Contracts.Relationships);
        Reader = new ChainReader(chain.Node.RpcUrl, chain.Deployment.Contracts);
    }

    public TestChain Chain => _chain;
    public ChainReader Reader { get; }
    public IGrainFactory Grains { get; }
    public IServiceProvider Services { get; }

    /// <summary>The API host's base address (started with <c>httpApi</c>), else null.</summary>
    public Uri? ApiAddress { get; }
    public IReadOnlyList<Participant> Providers { get; }
    public AccessRequestDomain Domain { get; }

    /// <summary>Synthetic records for the figures (seeded, so every run stores the same resources).</summary>
    public SyntheticHealthData Synthetic { get; } = new(seed: 4, referenceDate: new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));

    /// <param name="providers">Providers registered on chain.</param>
    /// <param name="withStores">Give every provider a PostgreSQL store (one throwaway server, a schema each).</param>
    /// <param name="httpApi">Run the API host co-hosting the silo instead of a bare silo.</param>
    /// <param name="receiptKeys">Put the providers' keys in the silo's key store, so their gatekeepers sign decision
    /// receipts (bare silo only; the other figures run without, as before receipts existed).</param>
    public static async Task<AccessBenchWorld> StartAsync(int providers, bool withStores, CancellationToken ct, bool httpApi = false, bool receiptKeys = false)
    {
        var directory = Directory.CreateTempSubdirectory("medrec-bench-access-").FullName;
        TestChain? chain = null;
        ThrowawayPostgres? postgres = null;
        IAsyncDisposable? host = null;
        try
        {
            chain = await TestChain.StartAsync(cancellationToken: ct);
            var deploymentFile = Path.Combine(directory, "deployment.json");
            await DeploymentFile.WriteAsync(deploymentFile, chain.Deployment, ct);
            var registered = new List<Participant>();
            var keys = new Dictionary<string, EthECKey>();
            for (var i = 0; i < providers; i++)
            {
                if (!receiptKeys)
                {
                    registered.Add(await chain.NewProviderAsync($"https://gatekeeper-{i}.bench.example/fhir", ct));
                    continue;
                }

                var key = EthECKey.GenerateKey();
                await chain.Node.FundAsync(key.GetPublicAddress());
                var client = new ParticipantClient(chain.Node.RpcUrl, chain.Node.ChainId, key, chain.Deployment.Contracts);
                await chain.Root.RegisterProviderAsync(client.Address, RandomNumberGenerator.GetBytes(32), $"https://gatekeeper-{i}.bench.example/fhir", ct);
                registered.Add(new Participant(client, new AccessRequestSigner(Convert.ToHexStringLower(key.GetPrivateKeyAsBytes()))));
                keys[client.Address.ToLowerInvariant()] = key;
            }

            var settings = new Dictionary<string, string?>
            {
                ["Orleans:ClusterId"] = $"bench-{Guid.NewGuid():N}",
                ["Orleans:ServiceId"] = $"medrec-bench-{Guid.NewGuid():N}",
                [$"{ChainIndexerOptions.Section}:DeploymentFile"] = deploymentFile,
                [$"{ChainIndexerOptions.Section}:PollInterval"] = "00:00:00.020",
                [$"{FanOutOptions.Section}:Deadline"] = "00:00:30",
                ["Orleans:EnableDistributedTracing"] = BenchTelemetry.OrleansTracing,
            };
            if (withStores)
            {
                postgres = await ThrowawayPostgres.StartAsync();
                var database = await postgres.CreateDatabaseAsync("providers");
                for (var i = 0; i < registered.Count; i++)
                {
                    var section = $"{ProviderStoreOptions.SectionName}:{registered[i].Address}";
                    settings[$"{section}:Kind"] = nameof(ProviderStoreKind.PostgreSql);
                    settings[$"{section}:ConnectionString"] = database;
                    settings[$"{section}:Schema"] = $"provider_{i}";
                }
            }

            AccessBenchWorld world;
            if (httpApi)
            {
                var app = MedRecApiHost.Build([], new Dictionary<string, string?>(settings)
                {
                    ["urls"] = "http://127.0.0.1:0",
                    ["Logging:LogLevel:Default"] = "None", // the figure is the only thing on stdout
                    [$"{MedRecApiOptions.Section}:SiloPort"] = "0",
                    [$"{MedRecApiOptions.Section}:GatewayPort"] = "0",
                    // The figure is the host's capacity; the per-client rate limits would cap one load generator.
                    ["MedRec:Api:Limits:RateLimiting"] = "false",
                    ["MedRec:KeyStore:IdentitiesFile"] = Path.Combine(directory, "no-custody-keys.json"),
                });
                host = app;
                await app.StartAsync(ct);
                var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
                world = new AccessBenchWorld(chain, app, app.Services, address, postgres, directory, registered);
            }
            else
            {
                var silo = await TestSilo.StartAsync(settings, mirror: true, access: true,
                    services: receiptKeys ? s => s.AddSingleton<IParticipantKeyStore>(new BenchKeyStore(keys)) : null);
                host = silo;
                world = new AccessBenchWorld(chain, silo, silo.Services, null, postgres, directory, registered);
            }

            if (withStores)
            {
                foreach (var provider in registered)
                {
                    var store = world.Store(provider);
                    await store.MigrateAsync(ct);
                    world._publishers[provider.Address] = new RecordPublisher(store, provider.Client);
                }
            }

            return world;
        }
        catch
        {
            if (host is not null) await host.DisposeAsync();
            if (chain is not null) await chain.DisposeAsync();
            if (postgres is not null) await postgres.DisposeAsync();
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    /// <summary>PostgreSQL's CPU time so far (postmaster and backends); null without stores or off Linux.</summary>
    public TimeSpan? PostgresCpu() => _postgres is null ? null : ProcessCpu.OfTree(_postgres.ServerProcessId);

    public IProviderStore Store(Participant provider) =>
        Services.GetRequiredService<IProviderStoreFactory>().For(provider.Address);

    public Task<Participant> NewPatientAsync(CancellationToken ct) => _chain.NewPatientAsync(ct);

    /// <summary>Stores <paramref name="count"/> synthetic records of synthetic patient <paramref name="syntheticIndex"/>
    /// at the provider and publishes their pointers (<see cref="RecordPublisher"/>), then waits until the mirror holds
    /// them with these data hashes.</summary>
    public async Task<IReadOnlyList<PublishedPointer>> PublishAsync(
        Participant provider, Participant patient, int syntheticIndex, int count, CancellationToken ct)
    {
        var providerIndex = Providers.ToList().IndexOf(provider);
        var records = Synthetic.RecordsFor(Synthetic.Patient(syntheticIndex), providerIndex, count);
        var published = await _publishers[provider.Address].AddAsync(patient.Address, records, ct);
        var expected = published.ToDictionary(p => p.PointerId, p => p.DataHash);
        await WaitForMirrorAsync(patient, provider,
            view => expected.All(e => view.Pointers.Any(p => p.PointerId == e.Key && p.DataHash == e.Value)), $"{published.Count} published pointers", ct);
        return published;
    }

    /// <summary>Waits until the mirror of the relationship shows what <paramref name="done"/> asks for.</summary>
    public Task<RelationshipView> WaitForMirrorAsync(
        Participant patient, Participant provider, Func<RelationshipView, bool> done, string what, CancellationToken ct) =>
        WaitForMirrorAsync(Grains.Relationship(patient.Address, provider.Address), done, what, ct);

    /// <summary>Waits until the relationship grain shows what <paramref name="done"/> asks for.</summary>
    public Task<RelationshipView> WaitForMirrorAsync(
        IRelationshipGrain grain, Func<RelationshipView, bool> done, string what, CancellationToken ct) =>
        MirrorWait.UntilAsync(grain, done, what, TimeSpan.FromSeconds(60), ct);

    /// <summary>Waits until the patient's summary (the patient grain, which the fan-out reads) lists these providers:
    /// the indexer fills it through another stream than the relationship grains, so it may lag behind them.</summary>
    public async Task WaitForSummaryAsync(Participant patient, IReadOnlyCollection<Participant> providers, CancellationToken ct)
    {
        var grain = Grains.GetGrain<IPatientGrain>(patient.Address);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var listed = (await grain.GetAsync()).Relationships.Select(r => r.Counterparty).ToHashSet();
            if (providers.All(p => listed.Contains(p.Address))) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the patient's summary did not list {providers.Count} providers within 60 s");
            await Task.Delay(10, ct);
        }
    }

    /// <summary>A read request signed by <paramref name="asker"/> (as a wallet signs it), valid for <see cref="RequestLifetime"/>,
    /// declaring the clients' default purpose (patient-request for the patient, treatment for anyone else).</summary>
    public SignedAccessRequest Sign(Participant asker, Participant patient, string provider, string pointerId) =>
        asker.Signer.SignNew(Domain, patient.Address, provider, pointerId, AccessAction.Read,
            asker.Address == patient.Address ? Purpose.PatientRequest : Purpose.Treatment, DateTimeOffset.UtcNow, RequestLifetime);

    /// <summary>Signs <paramref name="count"/> requests on every core: signing is the client's cost, done before the
    /// clock starts (Nethereum's signer takes about a millisecond).</summary>
    public static SignedAccessRequest[] SignMany(int count, Func<int, SignedAccessRequest> sign)
    {
        var requests = new SignedAccessRequest[count];
        Parallel.For(0, count, i => requests[i] = sign(i));
        return requests;
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _chain.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>The bench providers' keys, for their receipts.</summary>
internal sealed class BenchKeyStore(Dictionary<string, EthECKey> keys) : IParticipantKeyStore
{
    public ValueTask<EthECKey?> FindAsync(string participant, CancellationToken cancellationToken) =>
        ValueTask.FromResult(keys.GetValueOrDefault(participant.ToLowerInvariant()));
}
