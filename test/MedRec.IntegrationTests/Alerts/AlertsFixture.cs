using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Hl7.Fhir.Model;
using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Indexing;
using MedRec.Grains.Abstractions.Analytics;
using MedRec.Grains.Alerts;
using MedRec.Grains.Publishing;
using MedRec.Grains.Records;
using MedRec.Host.Api;
using MedRec.Host.Api.Client;
using MedRec.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Signer;

namespace MedRec.IntegrationTests.Alerts;

/// <summary>
/// The prescription-misuse alert for real: anvil with the contracts, a throwaway PostgreSQL holding five providers'
/// record stores (a schema each) and the cluster's grain storage (ADO.NET), and an API host with its co-hosted silo
/// (indexer, medication analytics, alert job), which <see cref="RestartAsync"/> stops and builds again on the same
/// database. Alert settings: the defaults (more than 3 providers within 90 days, the RxNorm opioid list).
/// </summary>
public sealed class AlertsFixture : IAsyncLifetime
{
    public static readonly DateTimeOffset Day0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly string _directory = Directory.CreateTempSubdirectory("medrec-alerts-").FullName;
    private readonly Dictionary<string, string?> _settings = [];
    private readonly Dictionary<string, RecordPublisher> _publishers = [];
    private ThrowawayPostgres? _postgres;
    private TestChain? _chain;
    private WebApplication? _app;

    public TestChain Chain => _chain ?? throw new InvalidOperationException("not started");
    public WebApplication App => _app ?? throw new InvalidOperationException("not started");
    public IGrainFactory Grains => App.Services.GetRequiredService<IGrainFactory>();
    public IClusterClient ClusterClient => App.Services.GetRequiredService<IClusterClient>();
    public Uri BaseAddress { get; private set; } = null!;
    public IReadOnlyList<AlertsProvider> Providers { get; private set; } = [];
    public string ClusterConnectionString { get; private set; } = "";
    public IReadOnlyDictionary<string, string?> Settings => _settings;

    public async System.Threading.Tasks.Task InitializeAsync()
    {
        _postgres = await ThrowawayPostgres.StartAsync();
        _chain = await TestChain.StartAsync();
        var records = await _postgres.CreateDatabaseAsync("alerts_records");
        ClusterConnectionString = await _postgres.CreateDatabaseAsync("alerts_cluster");
        var deploymentFile = Path.Combine(_directory, "deployment.json");
        await DeploymentFile.WriteAsync(deploymentFile, Chain.Deployment);
        _settings["urls"] = "http://127.0.0.1:0";
        _settings["Logging:LogLevel:Default"] = "Warning";
        _settings["Orleans:ClusterId"] = $"cluster-{Guid.NewGuid():N}";
        _settings["Orleans:ServiceId"] = $"medrec-{Guid.NewGuid():N}";
        _settings["Orleans:Endpoints:AdvertisedIPAddress"] = "127.0.0.1";
        _settings["MedRec:Storage:Provider"] = "PostgreSql";
        _settings["MedRec:Storage:ConnectionString"] = ClusterConnectionString;
        _settings["MedRec:Storage:ApplySchema"] = "true";
        _settings[$"{ChainIndexerOptions.Section}:DeploymentFile"] = deploymentFile;
        _settings[$"{ChainIndexerOptions.Section}:PollInterval"] = "00:00:00.020";
        _settings["MedRec:Streams:QueuePollInterval"] = "00:00:00.020";
        _settings["MedRec:KeyStore:IdentitiesFile"] = Path.Combine(_directory, "no-identities.json");

        var providers = new List<AlertsProvider>();
        for (var i = 0; i < 5; i++)
        {
            var key = EthECKey.GenerateKey();
            await Chain.Node.FundAsync(key.GetPublicAddress());
            await Chain.Root.RegisterProviderAsync(key.GetPublicAddress(), RandomNumberGenerator.GetBytes(32), $"https://clinic-{i}.example.org/fhir");
            var store = $"{ProviderStoreOptions.SectionName}:{key.GetPublicAddress().ToLowerInvariant()}";
            _settings[$"{store}:Kind"] = "PostgreSql";
            _settings[$"{store}:ConnectionString"] = records;
            _settings[$"{store}:Schema"] = $"clinic_{i}";
            providers.Add(new AlertsProvider(key, new ParticipantClient(Chain.Node.RpcUrl, Chain.Node.ChainId, key, Chain.Deployment.Contracts)));
        }

        Providers = providers;
        await StartAppAsync();
        foreach (var provider in Providers) await Store(provider).MigrateAsync(CancellationToken.None);
    }

    public async System.Threading.Tasks.Task DisposeAsync()
    {
        await StopAppAsync();
        if (_chain is not null) await _chain.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>Stops the host (its silo leaves the cluster gracefully) and starts a new one on the same database.</summary>
    public async System.Threading.Tasks.Task RestartAsync()
    {
        await StopAppAsync();
        _publishers.Clear();
        await StartAppAsync();
    }

    public IProviderStore Store(AlertsProvider provider) => App.Services.GetRequiredService<IProviderStoreFactory>().For(provider.Address);

    public MedRecApiClient Api(EthECKey key) => new(new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) }, key);

    public async Task<Participant> NewPatientAsync() => await Chain.NewPatientAsync();

    /// <summary>The provider stores the resources and publishes their pointers; answers once the receipt is mined.</summary>
    public async Task<RecordPublication> PrescribeAsync(AlertsProvider provider, Participant patient, params MedicationRequest[] requests)
    {
        if (!_publishers.TryGetValue(provider.Address, out var publisher))
        {
            _publishers[provider.Address] = publisher = new RecordPublisher(Store(provider), provider.Client);
        }

        return await publisher.PublishAsync(patient.Address, requests, CancellationToken.None);
    }

    public static MedicationRequest Opioid(int day, string code = "7804") => Request(day, code);

    public static MedicationRequest NonOpioid(int day) => Request(day, "29046"); // lisinopril

    private static MedicationRequest Request(int day, string code) => new()
    {
        Status = MedicationRequest.MedicationrequestStatus.Active,
        Intent = MedicationRequest.MedicationRequestIntent.Order,
        Medication = new CodeableConcept(PrescriptionAlertOptions.RxNorm, code),
        AuthoredOn = Day0.AddDays(day).ToString("yyyy-MM-dd'T'HH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Polls the patient's alert grain until <paramref name="done"/> holds; says in the failure what was awaited.</summary>
    public async Task<IReadOnlyList<PrescriptionMisuseAlert>> WaitForAlertsAsync(
        Participant patient, Func<IReadOnlyList<PrescriptionMisuseAlert>, bool> done, string what) =>
        await PollAsync(() => Grains.GetGrain<IPrescriptionMisuseGrain>(patient.Address).GetAlertsAsync(), done, what);

    /// <summary>Polls until the alert job holds <paramref name="count"/> prescriptions of the patient.</summary>
    public Task<int> WaitForPrescriptionsAsync(Participant patient, int count) =>
        PollAsync(() => Grains.GetGrain<IPrescriptionMisuseGrain>(patient.Address).GetPrescriptionCountAsync(), c => c >= count,
            $"{count} prescriptions of {patient.Address} in the alert job");

    public async Task<IReadOnlyList<PrescriptionMisuseAlert>> WaitForProviderAlertsAsync(
        AlertsProvider provider, Func<IReadOnlyList<PrescriptionMisuseAlert>, bool> done, string what) =>
        await PollAsync(() => Grains.GetGrain<IProviderAlertsGrain>(provider.Address).GetAlertsAsync(), done, what);

    public static async Task<T> PollAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not seen within 60 s: {what}");
            await System.Threading.Tasks.Task.Delay(25);
        }
    }

    private async System.Threading.Tasks.Task StartAppAsync()
    {
        _settings["Orleans:Endpoints:SiloPort"] = FreePort();
        _settings["Orleans:Endpoints:GatewayPort"] = FreePort();
        _app = MedRecApiHost.Build([], _settings);
        await App.StartAsync();
        BaseAddress = new Uri(App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");
    }

    private async System.Threading.Tasks.Task StopAppAsync()
    {
        if (_app is null) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
        _app = null;
    }

    private static string FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>A provider of the alert tests: its key (HTTP signing) and its chain client (publishing).</summary>
public sealed record AlertsProvider(EthECKey Key, ParticipantClient Client)
{
    public string Address => Key.GetPublicAddress().ToLowerInvariant();
}

[CollectionDefinition(Name)]
public sealed class AlertsCollection : ICollectionFixture<AlertsFixture>
{
    public const string Name = "alerts";
}
