using System.Text.Json;
using MedRec.ChainIndexer.Chain;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Publishing;
using MedRec.Grains.Records;
using MedRec.Grains.Records.Synthetic;
using MedRec.Grains.Signing;
using Nethereum.Signer;

namespace MedRec.Cli;

/// <summary>
/// The dev system's demo world: three providers with SQLite stores, four patients with synthetic FHIR records at
/// every provider, and a family member who may see the first patient's vital signs at the first provider. Keys are
/// fresh on every run and go only to an identities file under .medrec/ (mode 600), never to the console.
/// </summary>
internal sealed class DemoData
{
    private const int ProviderCount = 3;
    private const int PatientCount = 4;
    private const int RecordsPerProvider = 12;

    private readonly SyntheticHealthData _synthetic = new(seed: 2026, referenceDate: DateTimeOffset.UtcNow);

    private DemoData(string directory, IReadOnlyList<EthECKey> providers, IReadOnlyList<EthECKey> patients, EthECKey viewer)
    {
        Directory = directory;
        ProviderKeys = providers;
        PatientKeys = patients;
        ViewerKey = viewer;
    }

    public string Directory { get; }
    public IReadOnlyList<EthECKey> ProviderKeys { get; }
    public IReadOnlyList<EthECKey> PatientKeys { get; }
    public EthECKey ViewerKey { get; }
    public string IdentitiesFile => Path.Combine(Directory, "demo-identities.json");

    public static DemoData Create(string directory) => new(directory,
        [.. Enumerable.Range(0, ProviderCount).Select(_ => EthECKey.GenerateKey())],
        [.. Enumerable.Range(0, PatientCount).Select(_ => EthECKey.GenerateKey())],
        EthECKey.GenerateKey());

    /// <summary>Provider store settings for the silo: a fresh SQLite database per provider.</summary>
    public Dictionary<string, string?> StoreSettings()
    {
        var stores = Path.Combine(Directory, "stores");
        if (System.IO.Directory.Exists(stores)) System.IO.Directory.Delete(stores, recursive: true);
        System.IO.Directory.CreateDirectory(stores);
        var settings = new Dictionary<string, string?>();
        for (var i = 0; i < ProviderKeys.Count; i++)
        {
            var section = $"{ProviderStoreOptions.SectionName}:{Address(ProviderKeys[i])}";
            settings[$"{section}:Kind"] = nameof(ProviderStoreKind.Sqlite);
            settings[$"{section}:ConnectionString"] = $"Data Source={Path.GetFullPath(Path.Combine(stores, $"provider-{i}.db"))}";
        }

        return settings;
    }

    /// <summary>Registers everyone, stores and publishes the records, accepts the relationships and grants the viewer.</summary>
    public async Task<int> SeedAsync(AnvilNode node, Deployment deployment, ParticipantClient root, IProviderStoreFactory stores,
        Action<string> progress, CancellationToken ct)
    {
        ParticipantClient Client(EthECKey key) => new(node.RpcUrl, node.ChainId, key, deployment.Contracts);
        foreach (var key in ProviderKeys.Concat(PatientKeys).Append(ViewerKey)) await node.FundAsync(key.GetPublicAddress());

        for (var i = 0; i < ProviderKeys.Count; i++)
        {
            await root.RegisterProviderAsync(Address(ProviderKeys[i]), IdentityCommitment.Create(_synthetic.ProviderName(i), IdentityCommitment.NewSalt()),
                $"https://provider-{i}.medrec.localhost/fhir", ct);
        }

        var patients = _synthetic.Patients(PatientCount);
        for (var p = 0; p < PatientKeys.Count; p++)
        {
            await Client(PatientKeys[p]).RegisterPatientAsync(IdentityCommitment.Create(patients[p].DisplayName, IdentityCommitment.NewSalt()), ct);
        }

        await Client(ViewerKey).RegisterPatientAsync(IdentityCommitment.Create("demo family member", IdentityCommitment.NewSalt()), ct);

        var records = 0;
        PublishedPointer? vitalSigns = null;
        for (var i = 0; i < ProviderKeys.Count; i++)
        {
            var store = stores.For(Address(ProviderKeys[i]));
            await store.MigrateAsync(ct);
            var publisher = new RecordPublisher(store, Client(ProviderKeys[i]));
            for (var p = 0; p < PatientKeys.Count; p++)
            {
                var published = await publisher.AddAsync(Address(PatientKeys[p]), _synthetic.RecordsFor(patients[p], i, RecordsPerProvider), ct);
                records += RecordsPerProvider;
                if (i == 0 && p == 0) vitalSigns = published.FirstOrDefault(x => x.Query.Contains("category=vital-signs", StringComparison.Ordinal)) ?? published[0];
            }

            progress($"{_synthetic.ProviderName(i)}: {PatientKeys.Count * RecordsPerProvider} records stored and their pointers published");
        }

        var first = Client(PatientKeys[0]);
        foreach (var provider in ProviderKeys) await first.AcceptRelationshipAsync(Address(provider), ct);
        await first.GrantAccessAsync(Address(ProviderKeys[0]), Convert.FromHexString(vitalSigns!.PointerId[2..]), Address(ViewerKey),
            DateTimeOffset.UtcNow.AddDays(30), ct);
        await WriteIdentitiesAsync(patients, ct);
        return records;
    }

    /// <summary>The first patient's whole history, as the patient would ask for it.</summary>
    public SignedAccessRequest HistoryRequest(Deployment deployment) =>
        new AccessRequestSigner(Convert.ToHexStringLower(PatientKeys[0].GetPrivateKeyAsBytes())).SignNew(
            new AccessRequestDomain((ulong)deployment.ChainId, deployment.Contracts.Relationships),
            Address(PatientKeys[0]), AccessRequest.ZeroAddress, AccessRequest.ZeroPointer, AccessAction.Read,
            DateTimeOffset.UtcNow, TimeSpan.FromMinutes(2));

    public string ProviderName(string address) =>
        ProviderKeys.Select((k, i) => (Address(k), i)).Where(x => x.Item1 == address).Select(x => _synthetic.ProviderName(x.i)).FirstOrDefault() ?? address;

    public static string Address(EthECKey key) => key.GetPublicAddress().ToLowerInvariant();

    private async Task WriteIdentitiesAsync(IReadOnlyList<SyntheticPatient> patients, CancellationToken ct)
    {
        static string Key(EthECKey key) => "0x" + Convert.ToHexStringLower(key.GetPrivateKeyAsBytes());
        var identities = ProviderKeys.Select((k, i) => new DemoIdentity("provider", _synthetic.ProviderName(i), Address(k), Key(k)))
            .Concat(PatientKeys.Select((k, p) => new DemoIdentity("patient", patients[p].DisplayName, Address(k), Key(k))))
            .Append(new DemoIdentity("viewer", "demo family member", Address(ViewerKey), Key(ViewerKey)))
            .ToList();
        File.Delete(IdentitiesFile);
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using var file = new FileStream(IdentitiesFile, options);
        await JsonSerializer.SerializeAsync(file, identities, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }, ct);
    }
}
