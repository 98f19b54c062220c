using MedRec.ChainIndexer.Chain;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Publishing;
using MedRec.Grains.Records;
using MedRec.Grains.Records.Synthetic;
using MedRec.Grains.Signing;
using MedRec.Host.Api;
using Nethereum.Signer;

namespace MedRec.Cli;

/// <summary>
/// The demo world of `medrec dev` and `medrec seed`: three providers with SQLite stores, a "Patient-reported records"
/// provider for what patients add themselves, four patients with synthetic FHIR records at every provider, and a
/// family member who may see the first patient's vital signs at the first provider. Keys are fresh on every run and go
/// only to the identities file under the data directory (mode 600), never to the console.
/// </summary>
public sealed class DemoData
{
    public const string PatientRecordsProviderName = "Patient-reported records";
    public const string ViewerName = "demo family member";
    public const string CertifierName = "MedRec dev certifying authority";

    /// <summary>The setting that names the provider keeping patient-reported records (ADR 0004).</summary>
    public const string PatientRecordsSetting = $"{PatientRecordsOptions.Section}:{nameof(PatientRecordsOptions.Provider)}";
    private const int ProviderCount = 3;
    private const int PatientCount = 4;
    private const int RecordsPerProvider = 12;

    private readonly SyntheticHealthData _synthetic = new(seed: 2026, referenceDate: DateTimeOffset.UtcNow);
    private readonly IReadOnlyList<SyntheticPatient> _patients;

    private DemoData(string directory, EthECKey certifier)
    {
        Directory = directory;
        CertifierKey = certifier;
        ProviderKeys = [.. Enumerable.Range(0, ProviderCount).Select(_ => EthECKey.GenerateKey())];
        PatientKeys = [.. Enumerable.Range(0, PatientCount).Select(_ => EthECKey.GenerateKey())];
        ViewerKey = EthECKey.GenerateKey();
        PatientRecordsKey = EthECKey.GenerateKey();
        _patients = _synthetic.Patients(PatientCount);
    }

    public string Directory { get; }

    /// <summary>The certifier that registers the providers (the dev chain's root certifying authority).</summary>
    public EthECKey CertifierKey { get; }

    public IReadOnlyList<EthECKey> ProviderKeys { get; }
    public IReadOnlyList<EthECKey> PatientKeys { get; }
    public EthECKey ViewerKey { get; }

    /// <summary>The provider whose store holds patient-reported records (MedRec:PatientRecords:Provider).</summary>
    public EthECKey PatientRecordsKey { get; }

    public string IdentitiesFile => DemoIdentities.FileIn(Directory);

    /// <summary>How many steps <see cref="SeedAsync"/> reports: one per transaction group, for a progress bar.</summary>
    public int SeedSteps => 1 + (ProviderCount + 1) + (PatientCount + 1) + ProviderCount * PatientCount + 1;

    public static DemoData Create(string directory, EthECKey certifier) => new(directory, certifier);

    public IReadOnlyList<DemoIdentity> Identities
    {
        get
        {
            static string Key(EthECKey key) => "0x" + Convert.ToHexStringLower(key.GetPrivateKeyAsBytes());
            return
            [
                new DemoIdentity(DemoIdentity.Certifier, CertifierName, Address(CertifierKey), Key(CertifierKey)),
                .. ProviderKeys.Select((k, i) => new DemoIdentity(DemoIdentity.Provider, _synthetic.ProviderName(i), Address(k), Key(k))),
                new DemoIdentity(DemoIdentity.Provider, PatientRecordsProviderName, Address(PatientRecordsKey), Key(PatientRecordsKey)),
                .. PatientKeys.Select((k, p) => new DemoIdentity(DemoIdentity.Patient, _patients[p].DisplayName, Address(k), Key(k))),
                new DemoIdentity(DemoIdentity.Viewer, ViewerName, Address(ViewerKey), Key(ViewerKey)),
            ];
        }
    }

    /// <summary>Writes the identities file: before the API host starts, because its key store reads it.</summary>
    public Task WriteIdentitiesAsync(CancellationToken ct) => DemoIdentities.WriteAsync(IdentitiesFile, Identities, ct);

    /// <summary>Settings for the host: a fresh SQLite database per provider (the patient-reported one included) and
    /// which provider keeps patient-reported records.</summary>
    public Dictionary<string, string?> HostSettings()
    {
        var stores = Path.Combine(Directory, "stores");
        if (System.IO.Directory.Exists(stores)) System.IO.Directory.Delete(stores, recursive: true);
        System.IO.Directory.CreateDirectory(stores);
        var settings = new Dictionary<string, string?> { [PatientRecordsSetting] = Address(PatientRecordsKey) };
        foreach (var (key, file) in ProviderKeys.Select((k, i) => (k, $"provider-{i}.db")).Append((PatientRecordsKey, "patient-reported.db")))
        {
            var section = $"{ProviderStoreOptions.SectionName}:{Address(key)}";
            settings[$"{section}:Kind"] = nameof(ProviderStoreKind.Sqlite);
            settings[$"{section}:ConnectionString"] = $"Data Source={Path.GetFullPath(Path.Combine(stores, file))}";
        }

        return settings;
    }

    /// <summary>Registers everyone, stores and publishes the records, accepts the relationships and grants the viewer,
    /// reporting each of <see cref="SeedSteps"/> steps as it starts.</summary>
    /// <param name="fund">Gives an address gas money (anvil_setBalance on a dev chain).</param>
    public async Task<int> SeedAsync(Deployment deployment, Func<string, Task> fund, IProviderStoreFactory stores,
        Action<string> step, CancellationToken ct)
    {
        ParticipantClient Client(EthECKey key) => new(deployment.RpcUrl, deployment.ChainId, key, deployment.Contracts);
        var certifier = Client(CertifierKey);

        step("Funding the demo accounts");
        foreach (var key in ProviderKeys.Append(PatientRecordsKey).Concat(PatientKeys).Append(ViewerKey)) await fund(key.GetPublicAddress());

        for (var i = 0; i < ProviderKeys.Count; i++)
        {
            step($"Registering provider {_synthetic.ProviderName(i)}");
            await certifier.RegisterProviderAsync(Address(ProviderKeys[i]), IdentityCommitment.Create(_synthetic.ProviderName(i), IdentityCommitment.NewSalt()),
                $"https://provider-{i}.medrec.localhost/fhir", ct);
        }

        step($"Registering provider {PatientRecordsProviderName}");
        await certifier.RegisterProviderAsync(Address(PatientRecordsKey), IdentityCommitment.Create(PatientRecordsProviderName, IdentityCommitment.NewSalt()),
            "https://patient-reported.medrec.localhost/fhir", ct);

        for (var p = 0; p < PatientKeys.Count; p++)
        {
            step($"Registering patient {_patients[p].DisplayName}");
            await Client(PatientKeys[p]).RegisterPatientAsync(IdentityCommitment.Create(_patients[p].DisplayName, IdentityCommitment.NewSalt()), ct);
        }

        step($"Registering the {ViewerName}");
        await Client(ViewerKey).RegisterPatientAsync(IdentityCommitment.Create(ViewerName, IdentityCommitment.NewSalt()), ct);

        var records = 0;
        PublishedPointer? vitalSigns = null;
        for (var i = 0; i < ProviderKeys.Count; i++)
        {
            var store = stores.For(Address(ProviderKeys[i]));
            await store.MigrateAsync(ct);
            var publisher = new RecordPublisher(store, Client(ProviderKeys[i]));
            for (var p = 0; p < PatientKeys.Count; p++)
            {
                step($"{_synthetic.ProviderName(i)}: records of {_patients[p].DisplayName}");
                var published = await publisher.AddAsync(Address(PatientKeys[p]), _synthetic.RecordsFor(_patients[p], i, RecordsPerProvider), ct);
                records += RecordsPerProvider;
                if (i == 0 && p == 0) vitalSigns = published.FirstOrDefault(x => x.Query.Contains("category=vital-signs", StringComparison.Ordinal)) ?? published[0];
            }
        }

        // The patient-reported store starts empty; its tables are made now so the first patient's record finds them.
        await stores.For(Address(PatientRecordsKey)).MigrateAsync(ct);

        step($"{_patients[0].DisplayName} accepts every relationship and lets the {ViewerName} see the vital signs");
        var first = Client(PatientKeys[0]);
        foreach (var provider in ProviderKeys) await first.AcceptRelationshipAsync(Address(provider), ct);
        await first.GrantAccessAsync(Address(ProviderKeys[0]), Convert.FromHexString(vitalSigns!.PointerId[2..]), Address(ViewerKey),
            DateTimeOffset.UtcNow.AddDays(30), PurposeSet.All, ct);
        return records;
    }

    /// <summary>The first patient's whole history, as the patient would ask for it.</summary>
    public SignedAccessRequest HistoryRequest(Deployment deployment) =>
        new AccessRequestSigner(Convert.ToHexStringLower(PatientKeys[0].GetPrivateKeyAsBytes())).SignNew(
            new AccessRequestDomain((ulong)deployment.ChainId, deployment.Contracts.Relationships),
            Address(PatientKeys[0]), AccessRequest.ZeroAddress, AccessRequest.ZeroPointer, AccessAction.Read,
            Purpose.PatientRequest, DateTimeOffset.UtcNow, TimeSpan.FromMinutes(2));

    public string NameOf(string address) =>
        Identities.FirstOrDefault(identity => identity.Address == address.ToLowerInvariant())?.Name ?? address;

    public static string Address(EthECKey key) => key.GetPublicAddress().ToLowerInvariant();
}
