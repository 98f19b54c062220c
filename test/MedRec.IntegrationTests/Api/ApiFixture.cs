using System.Security.Cryptography;
using System.Text.Json;
using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Indexing;
using MedRec.Grains.Access;
using MedRec.Grains.Records;
using MedRec.Host.Api;
using MedRec.Host.Api.Client;
using MedRec.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Signer;
using Npgsql;

namespace MedRec.IntegrationTests.Api;

/// <summary>
/// The HTTP API for real: anvil with the contracts, a throwaway PostgreSQL holding the providers' stores (a schema
/// each), and one API host built by <see cref="MedRecApiHost.Build"/> on a loopback port with its co-hosted silo
/// (indexer, gatekeepers, chain writers). Custody keys come from an identities file the fixture writes, as
/// `medrec dev` does; participants get one only when a test says so.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    public const int MaxBodyBytes = 64 * 1024;

    private readonly string _directory = Directory.CreateTempSubdirectory("medrec-api-").FullName;
    private readonly List<Identity> _identities = [];
    private readonly Lock _identitiesLock = new();
    private ThrowawayPostgres? _postgres;
    private TestChain? _chain;
    private WebApplication? _app;

    public TestChain Chain => _chain ?? throw new InvalidOperationException("not started");
    public WebApplication App => _app ?? throw new InvalidOperationException("not started");
    public IGrainFactory Grains => App.Services.GetRequiredService<IGrainFactory>();
    public Uri BaseAddress { get; private set; } = null!;
    public string DatabaseConnectionString { get; private set; } = "";

    /// <summary>Two hospitals, both with custody keys.</summary>
    public IReadOnlyList<ApiParticipant> Providers { get; private set; } = [];

    /// <summary>The provider whose store keeps patient-reported records (MedRec:PatientRecords:Provider).</summary>
    public ApiParticipant PatientRecordsProvider { get; private set; } = null!;

    /// <summary>The root certifier, with a custody key.</summary>
    public ApiParticipant Certifier { get; private set; } = null!;

    private string IdentitiesFile => Path.Combine(_directory, "demo-identities.json");

    /// <summary>The deployment file the host reads (MedRec:Indexer:DeploymentFile).</summary>
    public string DeploymentFile => Path.Combine(_directory, "deployment.json");

    public async Task InitializeAsync()
    {
        _postgres = await ThrowawayPostgres.StartAsync();
        _chain = await TestChain.StartAsync();
        DatabaseConnectionString = await _postgres.CreateDatabaseAsync("api");

        var deploymentFile = DeploymentFile;
        await ChainIndexer.Chain.DeploymentFile.WriteAsync(deploymentFile, Chain.Deployment);
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Orleans:ClusterId"] = $"cluster-{Guid.NewGuid():N}",
            ["Orleans:ServiceId"] = $"medrec-{Guid.NewGuid():N}",
            [$"{MedRecApiOptions.Section}:SiloPort"] = "0",
            [$"{MedRecApiOptions.Section}:GatewayPort"] = "0",
            [$"{MedRec.Host.Api.Limits.RequestLimitsOptions.Section}:MaxBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"{ChainIndexerOptions.Section}:DeploymentFile"] = deploymentFile,
            [$"{ChainIndexerOptions.Section}:PollInterval"] = "00:00:00.020",
            ["MedRec:Streams:QueuePollInterval"] = "00:00:00.020",
            ["MedRec:KeyStore:IdentitiesFile"] = IdentitiesFile,
            // Research (ResearchApiTests): small k and window; a validator that sealed the whole window earns 32 queries a day.
            // The anchor tests anchor what they just wrote: no settle time (production waits 5 s).
            ["MedRec:Audit:SettleTime"] = "00:00:00",
            ["MedRec:Research:K"] = "3",
            ["MedRec:Research:WindowBlocks"] = "16",
            ["MedRec:Research:QueriesPerDayAtFullShare"] = "32",
            ["MedRec:Research:ParticipationCacheTime"] = "00:00:00",
        };

        var providers = new List<ApiParticipant>();
        for (var i = 0; i < 3; i++)
        {
            var key = EthECKey.GenerateKey();
            await Chain.Node.FundAsync(key.GetPublicAddress());
            await Chain.Root.RegisterProviderAsync(key.GetPublicAddress(), RandomNumberGenerator.GetBytes(32), $"https://provider-{i}.example.org/fhir");
            var store = $"{ProviderStoreOptions.SectionName}:{key.GetPublicAddress().ToLowerInvariant()}";
            settings[$"{store}:Kind"] = "PostgreSql";
            settings[$"{store}:ConnectionString"] = DatabaseConnectionString;
            settings[$"{store}:Schema"] = $"provider_{i}";
            providers.Add(new ApiParticipant(key, null!));
        }

        settings["MedRec:PatientRecords:Provider"] = providers[2].Address;
        _app = MedRecApiHost.Build([], settings);
        await App.StartAsync();
        BaseAddress = new Uri(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");

        Providers = [WithCustody(providers[0]), WithCustody(providers[1])];
        PatientRecordsProvider = WithCustody(providers[2]);
        var rootKey = Chain.Root.Web3.TransactionManager.Account is Nethereum.Web3.Accounts.Account account
            ? new EthECKey(account.PrivateKey)
            : throw new InvalidOperationException("the root client has no local key");
        Certifier = WithCustody(new ApiParticipant(rootKey, null!));
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_chain is not null) await _chain.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A client acting with <paramref name="key"/>.</summary>
    public MedRecApiClient Client(EthECKey key) => new(new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(90) }, key);

    /// <summary>A funded account with a fresh key; its custody key is put in the key store when <paramref name="custody"/>.</summary>
    public async Task<ApiParticipant> NewParticipantAsync(bool custody = true)
    {
        var key = EthECKey.GenerateKey();
        await Chain.Node.FundAsync(key.GetPublicAddress());
        var participant = new ApiParticipant(key, Client(key));
        return custody ? WithCustody(participant) : participant;
    }

    /// <summary>A participant registered as a patient through the API, once the mirror shows it.</summary>
    public async Task<ApiParticipant> NewPatientAsync()
    {
        var patient = await NewParticipantAsync();
        var accepted = await patient.Api.RegisterPatientAsync("0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)));
        await patient.Api.WaitForAppliedAsync(accepted);
        return patient;
    }

    public async Task<ulong> BlockNumberAsync() => (ulong)(await Chain.Node.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;

    public IProviderStore Store(ApiParticipant provider) => App.Services.GetRequiredService<IProviderStoreFactory>().For(provider.Address);

    /// <summary>How many rows the provider's store holds in <paramref name="table"/>.</summary>
    public async Task<long> CountAsync(ApiParticipant provider, string table)
    {
        var index = Providers.Append(PatientRecordsProvider).ToList().IndexOf(provider);
        await using var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync();
        await using var exists = new NpgsqlCommand("SELECT to_regclass(@table) IS NOT NULL", connection);
        exists.Parameters.AddWithValue("table", $"provider_{index}.{table}");
        if (!(bool)(await exists.ExecuteScalarAsync())!) return 0;
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM provider_{index}.{table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private ApiParticipant WithCustody(ApiParticipant participant)
    {
        lock (_identitiesLock)
        {
            _identities.Add(new Identity("test", "api test participant", participant.Address, Convert.ToHexStringLower(participant.Key.GetPrivateKeyAsBytes())));
            var temporary = IdentitiesFile + ".tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(_identities, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
            File.Move(temporary, IdentitiesFile, overwrite: true);
        }

        return participant with { Api = participant.Api ?? Client(participant.Key) };
    }

    private sealed record Identity(string Role, string Name, string Address, string PrivateKey);
}

/// <summary>A participant of an API test: its key and a client signing with it.</summary>
public sealed record ApiParticipant(EthECKey Key, MedRecApiClient Api)
{
    public string Address => Key.GetPublicAddress().ToLowerInvariant();
}

[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiFixture>
{
    public const string Name = "api";
}
