using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Indexing;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Mirror;
using MedRec.Grains.Access;
using MedRec.Grains.Publishing;
using MedRec.Grains.Records;
using MedRec.Grains.Records.Synthetic;
using MedRec.Grains.Signing;
using MedRec.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Signer;

namespace MedRec.Bench;

/// <summary>
/// The access path as the silo runs it, for the issue-4 figures: anvil with the contracts, one throwaway PostgreSQL
/// with a schema per provider, a silo (memory grain storage, hosted indexer, gatekeepers), <see cref="ProviderCount"/>
/// providers and one patient per fan-out width, each with synthetic records published at its providers, and a
/// viewer granted one pointer at the first provider.
/// </summary>
public sealed class AccessBenchWorld : IAsyncDisposable
{
    public const int ProviderCount = 50;
    public const int RecordsPerProvider = 6;
    public static readonly int[] FanOutWidths = [1, 10, 50];

    private readonly ThrowawayPostgres _postgres;
    private readonly TestChain _chain;
    private readonly TestSilo _silo;
    private readonly string _directory;

    private AccessBenchWorld(ThrowawayPostgres postgres, TestChain chain, TestSilo silo, string directory,
        IReadOnlyList<EthECKey> providers, IReadOnlyDictionary<int, EthECKey> patients, EthECKey viewer, PublishedPointer shared)
    {
        _postgres = postgres;
        _chain = chain;
        _silo = silo;
        _directory = directory;
        Providers = providers;
        Patients = patients;
        Viewer = viewer;
        Shared = shared;
    }

    public Deployment Deployment => _chain.Deployment;
    public IReadOnlyList<EthECKey> Providers { get; }

    /// <summary>By fan-out width: a patient with records at that many providers (the first ones).</summary>
    public IReadOnlyDictionary<int, EthECKey> Patients { get; }
    public EthECKey Viewer { get; }

    /// <summary>The pointer of <see cref="Patients"/>[1] at the first provider that <see cref="Viewer"/> may read.</summary>
    public PublishedPointer Shared { get; }
    public AnvilNode Node => _chain.Node;
    public IGrainFactory Grains => _silo.Grains;
    public IProviderStore Store(int provider) => _silo.Services.GetRequiredService<IProviderStoreFactory>().For(Address(Providers[provider]));
    public AccessRequestDomain Domain => new((ulong)Deployment.ChainId, Deployment.Contracts.Relationships);

    public static string Address(EthECKey key) => key.GetPublicAddress().ToLowerInvariant();

    public static async Task<AccessBenchWorld> StartAsync(TextWriter log, CancellationToken ct)
    {
        var directory = Directory.CreateTempSubdirectory("medrec-bench-access-").FullName;
        var postgres = await ThrowawayPostgres.StartAsync();
        var chain = await TestChain.StartAsync(IdentityCommitment.Create("bench root", IdentityCommitment.NewSalt()), ct);
        var deploymentFile = Path.Combine(directory, "deployment.json");
        await DeploymentFile.WriteAsync(deploymentFile, chain.Deployment, ct);

        var providers = Enumerable.Range(0, ProviderCount).Select(_ => EthECKey.GenerateKey()).ToList();
        var database = await postgres.CreateDatabaseAsync("providers");
        var settings = new Dictionary<string, string?>
        {
            [$"{ChainIndexerOptions.Section}:DeploymentFile"] = deploymentFile,
            [$"{ChainIndexerOptions.Section}:PollInterval"] = "00:00:00.020",
            [$"{FanOutOptions.Section}:Deadline"] = "00:00:30",
        };
        for (var i = 0; i < providers.Count; i++)
        {
            var section = $"{ProviderStoreOptions.SectionName}:{Address(providers[i])}";
            settings[$"{section}:Kind"] = nameof(ProviderStoreKind.PostgreSql);
            settings[$"{section}:ConnectionString"] = database;
            settings[$"{section}:Schema"] = $"provider_{i}";
        }

        var silo = await TestSilo.StartAsync(settings, mirror: true, access: true);

        var clients = new Dictionary<EthECKey, ParticipantClient>();
        var patients = FanOutWidths.ToDictionary(width => width, _ => EthECKey.GenerateKey());
        var viewer = EthECKey.GenerateKey();
        foreach (var key in providers.Concat(patients.Values).Append(viewer)) clients[key] = await chain.NewAccountAsync(key);
        ParticipantClient Client(EthECKey key) => clients[key];
        foreach (var provider in providers) await chain.Root.RegisterProviderAsync(Address(provider), IdentityCommitment.NewSalt(), "https://bench.example/fhir", ct);
        foreach (var key in patients.Values.Append(viewer)) await Client(key).RegisterPatientAsync(IdentityCommitment.NewSalt(), ct);

        var synthetic = new SyntheticHealthData(seed: 4, referenceDate: new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        var factory = silo.Services.GetRequiredService<IProviderStoreFactory>();
        PublishedPointer? shared = null;
        for (var i = 0; i < providers.Count; i++)
        {
            var store = factory.For(Address(providers[i]));
            await store.MigrateAsync(ct);
            var publisher = new RecordPublisher(store, Client(providers[i]));
            foreach (var (width, patient) in patients.Where(p => i < p.Key))
            {
                var published = await publisher.AddAsync(Address(patient), synthetic.RecordsFor(synthetic.Patient(width), i, RecordsPerProvider), ct);
                if (i == 0 && width == 1) shared = published.OrderByDescending(p => p.RecordCount).First();
            }
        }

        await Client(patients[1]).GrantAccessAsync(Address(providers[0]), Convert.FromHexString(shared!.PointerId[2..]), Address(viewer),
            DateTimeOffset.UtcNow.AddDays(1), ct);
        var world = new AccessBenchWorld(postgres, chain, silo, directory, providers, patients, viewer, shared);
        await world.WaitForMirrorAsync(ct);
        log.WriteLine($"<!-- world: {ProviderCount} providers, {RecordsPerProvider} synthetic records per patient and provider, fan-out widths {string.Join("/", FanOutWidths)} -->");
        return world;
    }

    /// <summary>The grant is the last transaction: once the mirror shows it and every relationship's pointers, it is
    /// caught up.</summary>
    private async Task WaitForMirrorAsync(CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddMinutes(3);
        foreach (var (width, patient) in Patients)
        {
            for (var i = 0; i < width; i++)
            {
                var relationship = Grains.Relationship(Address(patient), Address(Providers[i]));
                while ((await relationship.GetAsync()).Pointers.Count == 0 || (width == 1 && (await relationship.GetAsync()).Grants.Count == 0))
                {
                    if (DateTime.UtcNow > deadline) throw new TimeoutException("the mirror did not catch up with the bench world within 3 minutes");
                    await Task.Delay(20, ct);
                }
            }
        }
    }

    public SignedAccessRequest Sign(EthECKey asker, EthECKey patient, string provider, string pointerId) =>
        new AccessRequestSigner(Convert.ToHexStringLower(asker.GetPrivateKeyAsBytes()))
            .SignNew(Domain, Address(patient), provider, pointerId, AccessAction.Read, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));

    public async ValueTask DisposeAsync()
    {
        await _silo.DisposeAsync();
        await _chain.DisposeAsync();
        await _postgres.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
