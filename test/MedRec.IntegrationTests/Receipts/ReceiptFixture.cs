using System.Security.Cryptography;
using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Indexing;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Mirror;
using MedRec.Grains.Publishing;
using MedRec.Grains.Records;
using MedRec.Grains.Signing;
using MedRec.Host.Api.Client;
using MedRec.Grains.Writes;
using MedRec.TestSupport;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Signer;

namespace MedRec.IntegrationTests.Receipts;

/// <summary>
/// Decision receipts for real: anvil with the contracts, a silo with the indexer and the gatekeepers, one provider
/// whose key is in the silo's key store (its answers are signed) and one without (its answers are not), each with a
/// SQLite store.
/// </summary>
public sealed class ReceiptFixture : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("medrec-receipts-").FullName;
    private TestChain? _chain;
    private EthECKey? _providerKey;
    private TestSilo? _silo;

    public TestChain Chain => _chain ?? throw new InvalidOperationException("not started");
    public TestSilo Silo => _silo ?? throw new InvalidOperationException("not started");
    public IGrainFactory Grains => Silo.Grains;
    public AccessRequestDomain Domain { get; private set; } = null!;
    public Participant Provider { get; private set; } = null!;
    public Participant KeylessProvider { get; private set; } = null!;
    public string DeploymentFilePath => Path.Combine(_directory, "deployment.json");

    public async Task InitializeAsync()
    {
        _chain = await TestChain.StartAsync();
        var key = EthECKey.GenerateKey();
        _providerKey = key;
        Provider = await NewProviderAsync(key);
        KeylessProvider = await NewProviderAsync(EthECKey.GenerateKey());
        await DeploymentFile.WriteAsync(DeploymentFilePath, Chain.Deployment);
        Domain = new AccessRequestDomain((ulong)Chain.Deployment.ChainId, Chain.Deployment.Contracts.Relationships);
        var settings = new Dictionary<string, string?>
        {
            ["Orleans:ClusterId"] = $"cluster-{Guid.NewGuid():N}",
            ["Orleans:ServiceId"] = $"medrec-{Guid.NewGuid():N}",
            [$"{ChainIndexerOptions.Section}:DeploymentFile"] = DeploymentFilePath,
            [$"{ChainIndexerOptions.Section}:PollInterval"] = "00:00:00.020",
        };
        foreach (var provider in new[] { Provider, KeylessProvider })
        {
            settings[$"{ProviderStoreOptions.SectionName}:{provider.Address}:Kind"] = "Sqlite";
            settings[$"{ProviderStoreOptions.SectionName}:{provider.Address}:ConnectionString"] = SqliteConnectionString(provider);
        }

        var keys = new InMemoryKeyStore(new Dictionary<string, EthECKey> { [Provider.Address] = key });
        _silo = await TestSilo.StartAsync(settings, mirror: true, access: true, services: s => s.AddSingleton<IParticipantKeyStore>(keys));
        await Store(Provider).MigrateAsync(CancellationToken.None);
        await Store(KeylessProvider).MigrateAsync(CancellationToken.None);
    }

    /// <summary><paramref name="receipt"/> signed again with the provider's key: a receipt the provider really signed
    /// whose claims the chain must then contradict (what a dishonest gatekeeper could produce).</summary>
    public DecisionReceipt SignAsProvider(DecisionReceipt receipt)
    {
        var signer = new Secp256k1DigestSigner(_providerKey!.GetPrivateKeyAsBytes());
        var signature = new byte[SignatureRecovery.SignatureLength];
        signer.Sign(new DecisionReceiptHasher(Domain).Hash(receipt with { Signature = "" }), signature);
        return receipt with { Signature = "0x" + Convert.ToHexStringLower(signature) };
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null) await _silo.DisposeAsync();
        if (_chain is not null) await _chain.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    public IProviderStore Store(Participant provider) => Silo.Services.GetRequiredService<IProviderStoreFactory>().For(provider.Address);

    public string SqliteConnectionString(Participant provider) => $"Data Source={Path.Combine(_directory, provider.Address + ".db")}";

    public Task<Participant> NewPatientAsync() => Chain.NewPatientAsync();

    public SignedAccessRequest Sign(Participant asker, Participant patient, Participant provider, string pointerId, Purpose? purpose = null) =>
        asker.Signer.SignNew(Domain, patient.Address, provider.Address, pointerId, AccessAction.Read,
            purpose ?? MedRecApiClient.DefaultPurpose(asker.Address, patient.Address), DateTimeOffset.UtcNow, TimeSpan.FromMinutes(2));

    /// <summary>Publishes a few records and waits until the mirror holds their pointers.</summary>
    public async Task<IReadOnlyList<PublishedPointer>> PublishAsync(Participant provider, Participant patient)
    {
        var published = await new RecordPublisher(Store(provider), provider.Client).AddAsync(patient.Address, Access.TestRecords.Some(3), CancellationToken.None);
        var expected = published.ToDictionary(p => p.PointerId, p => p.DataHash);
        await WaitForMirrorAsync(patient, provider, v => expected.All(e => v.Pointers.Any(p => p.PointerId == e.Key && p.DataHash == e.Value)), "the published pointers");
        return published;
    }

    public Task<RelationshipView> WaitForMirrorAsync(Participant patient, Participant provider, Func<RelationshipView, bool> done, string what) =>
        MirrorWait.UntilAsync(Grains.Relationship(patient.Address, provider.Address), done, what, TimeSpan.FromSeconds(30));

    /// <summary>Changes a patient's stored records behind the gatekeeper's back.</summary>
    public async Task TamperAsync(Participant provider, Participant patient)
    {
        var localId = await Store(provider).LinkPatientAsync(patient.Address, CancellationToken.None);
        await using var connection = new SqliteConnection(SqliteConnectionString(provider));
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "UPDATE records SET json = replace(json, '\"status\":\"final\"', '\"status\":\"amended\"') WHERE local_patient_id = $patient";
        command.Parameters.AddWithValue("$patient", localId);
        Assert.True(await command.ExecuteNonQueryAsync() > 0, "no record was tampered with");
    }

    private async Task<Participant> NewProviderAsync(EthECKey key)
    {
        await Chain.Node.FundAsync(key.GetPublicAddress());
        var client = new ParticipantClient(Chain.Node.RpcUrl, Chain.Node.ChainId, key, Chain.Deployment.Contracts);
        await Chain.Root.RegisterProviderAsync(client.Address, RandomNumberGenerator.GetBytes(32), "https://gatekeeper.example.org/fhir");
        return new Participant(client, new AccessRequestSigner(Convert.ToHexStringLower(key.GetPrivateKeyAsBytes())));
    }

    private sealed class InMemoryKeyStore(Dictionary<string, EthECKey> keys) : IParticipantKeyStore
    {
        public ValueTask<EthECKey?> FindAsync(string participant, CancellationToken cancellationToken) =>
            ValueTask.FromResult(keys.GetValueOrDefault(participant.ToLowerInvariant()));
    }
}

[CollectionDefinition(Name)]
public sealed class ReceiptCollection : ICollectionFixture<ReceiptFixture>
{
    public const string Name = "receipts";
}
