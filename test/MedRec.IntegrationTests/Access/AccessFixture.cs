using System.Net;
using System.Net.Sockets;
using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Indexing;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Mirror;
using MedRec.Grains.Access;
using MedRec.Grains.Publishing;
using MedRec.Grains.Records;
using MedRec.Grains.Signing;
using MedRec.Host.Api.Client;
using MedRec.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MedRec.IntegrationTests.Access;

/// <summary>
/// The access path for real: anvil with the contracts, a throwaway PostgreSQL holding three providers' stores (a schema
/// each), a silo running the hosted indexer and the gatekeepers on a clock the tests can move, plus two providers whose
/// databases are broken: one refuses connections, one accepts them and never answers.
/// </summary>
public sealed class AccessFixture : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("medrec-access-").FullName;
    private ThrowawayPostgres? _postgres;
    private readonly SilentServer _silent = new();
    private TestChain? _chain;
    private TestSilo? _silo;

    public ManualClock Clock { get; } = new();
    public TestChain Chain => _chain ?? throw new InvalidOperationException("not started");
    public TestSilo Silo => _silo ?? throw new InvalidOperationException("not started");
    public IGrainFactory Grains => Silo.Grains;
    public AccessRequestDomain Domain { get; private set; } = null!;
    public string DatabaseConnectionString { get; private set; } = "";
    public IReadOnlyList<Participant> Providers { get; private set; } = [];

    /// <summary>A provider whose database refuses connections.</summary>
    public Participant DownProvider { get; private set; } = null!;

    /// <summary>A provider whose database accepts connections and never answers.</summary>
    public Participant HangingProvider { get; private set; } = null!;

    public static TimeSpan FanOutDeadline => TimeSpan.FromSeconds(3);

    public async Task InitializeAsync()
    {
        _postgres = await ThrowawayPostgres.StartAsync();
        _chain = await TestChain.StartAsync();
        DatabaseConnectionString = await _postgres.CreateDatabaseAsync("records");
        var providers = new List<Participant>();
        for (var i = 0; i < 3; i++) providers.Add(await Chain.NewProviderAsync());
        Providers = providers;
        DownProvider = await Chain.NewProviderAsync();
        HangingProvider = await Chain.NewProviderAsync();

        var deploymentFile = Path.Combine(_directory, "deployment.json");
        await DeploymentFile.WriteAsync(deploymentFile, Chain.Deployment);
        Domain = new AccessRequestDomain((ulong)Chain.Deployment.ChainId, Chain.Deployment.Contracts.Relationships);
        var settings = new Dictionary<string, string?>
        {
            ["Orleans:ClusterId"] = $"cluster-{Guid.NewGuid():N}",
            ["Orleans:ServiceId"] = $"medrec-{Guid.NewGuid():N}",
            [$"{ChainIndexerOptions.Section}:DeploymentFile"] = deploymentFile,
            [$"{ChainIndexerOptions.Section}:PollInterval"] = "00:00:00.020",
            [$"{FanOutOptions.Section}:Deadline"] = FanOutDeadline.ToString(),
            // Grain-call spans and the trace context across grain calls, for the telemetry tests.
            ["Orleans:EnableDistributedTracing"] = "true",
        };
        for (var i = 0; i < providers.Count; i++)
        {
            var store = $"{ProviderStoreOptions.SectionName}:{providers[i].Address}";
            settings[$"{store}:Kind"] = "PostgreSql";
            settings[$"{store}:ConnectionString"] = DatabaseConnectionString;
            settings[$"{store}:Schema"] = $"provider_{i}";
        }

        settings[$"{ProviderStoreOptions.SectionName}:{DownProvider.Address}:Kind"] = "PostgreSql";
        settings[$"{ProviderStoreOptions.SectionName}:{DownProvider.Address}:ConnectionString"] =
            $"Host=127.0.0.1;Port={ClosedPort()};Username=nobody;Timeout=2";
        settings[$"{ProviderStoreOptions.SectionName}:{HangingProvider.Address}:Kind"] = "PostgreSql";
        settings[$"{ProviderStoreOptions.SectionName}:{HangingProvider.Address}:ConnectionString"] =
            $"Host=127.0.0.1;Port={_silent.Port};Username=nobody;Timeout=60;Pooling=false";

        _silo = await TestSilo.StartAsync(settings, mirror: true, access: true,
            services: s => s.AddKeyedSingleton<TimeProvider>(AccessServiceCollectionExtensions.ClockKey, Clock));
        foreach (var provider in providers) await Store(provider).MigrateAsync(CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null) await _silo.DisposeAsync();
        if (_chain is not null) await _chain.DisposeAsync();
        await _silent.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    public IProviderStore Store(Participant provider) => Silo.Services.GetRequiredService<IProviderStoreFactory>().For(provider.Address);

    public RecordPublisher Publisher(Participant provider) => new(Store(provider), provider.Client);

    public Task<Participant> NewPatientAsync() => Chain.NewPatientAsync();

    /// <summary>Waits until the mirror of the relationship shows what <paramref name="done"/> asks for.</summary>
    public Task<RelationshipView> WaitForMirrorAsync(Participant patient, Participant provider, Func<RelationshipView, bool> done, string what) =>
        MirrorWait.UntilAsync(Grains.Relationship(patient.Address, provider.Address), done, what, TimeSpan.FromSeconds(30));

    /// <summary>Waits until the patient's summary (the patient grain, which the fan-out reads) lists these providers:
    /// the indexer fills it through another stream than the relationship grains, so it may lag behind them.</summary>
    public async Task WaitForSummaryAsync(Participant patient, params Participant[] providers)
    {
        var grain = Grains.GetGrain<IPatientGrain>(patient.Address);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var listed = (await grain.GetAsync()).Relationships.Select(r => r.Counterparty).ToHashSet();
            if (providers.All(p => listed.Contains(p.Address))) return;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the patient's summary did not list {providers.Length} providers within 30 s");
            await Task.Delay(20);
        }
    }

    /// <summary>Waits until the mirror holds exactly these pointers with these data hashes.</summary>
    public Task<RelationshipView> WaitForPointersAsync(Participant patient, Participant provider, IEnumerable<PublishedPointer> published)
    {
        var expected = published.ToDictionary(p => p.PointerId, p => p.DataHash);
        return WaitForMirrorAsync(patient, provider,
            view => expected.All(e => view.Pointers.Any(p => p.PointerId == e.Key && p.DataHash == e.Value)),
            $"{expected.Count} published pointers");
    }

    /// <summary>A request signed by <paramref name="asker"/>; without a <paramref name="purpose"/>, the clients' default
    /// (patient-request for the patient, treatment for anyone else).</summary>
    public SignedAccessRequest Sign(Participant asker, Participant patient, string provider, string pointerId,
        AccessAction action = AccessAction.Read, AccessRequestDomain? domain = null, Purpose? purpose = null) =>
        asker.Signer.SignNew(domain ?? Domain, patient.Address, provider, pointerId, action,
            purpose ?? MedRecApiClient.DefaultPurpose(asker.Address, patient.Address), Clock.GetUtcNow(), TimeSpan.FromMinutes(2));

    public async Task<long> CountAsync(Participant provider, string table)
    {
        var index = Providers.ToList().IndexOf(provider);
        await using var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM provider_{index}.{table}", connection);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>Changes stored records behind the gatekeeper's back, as a rogue database edit would.</summary>
    public async Task TamperAsync(Participant provider, string localPatientId)
    {
        var index = Providers.ToList().IndexOf(provider);
        await using var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            $"UPDATE provider_{index}.records SET json = replace(json, '\"status\":\"final\"', '\"status\":\"amended\"') WHERE local_patient_id = @patient",
            connection);
        command.Parameters.AddWithValue("patient", localPatientId);
        Assert.True(await command.ExecuteNonQueryAsync() > 0, "no record was tampered with");
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class AccessCollection : ICollectionFixture<AccessFixture>
{
    public const string Name = "access";
}
