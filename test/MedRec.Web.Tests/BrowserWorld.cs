using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Indexing;
using MedRec.Host.Api;
using MedRec.Host.Api.Client;
using MedRec.Host.Api.WebUi;
using MedRec.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Signer;

namespace MedRec.Web.Tests;

/// <summary>
/// A running MedRec for the browser: anvil with the contracts, and Host.Api (built by <see cref="MedRecApiHost.Build"/>,
/// co-hosted silo with indexer, gatekeepers and chain writers) serving web/dist through
/// <see cref="WebUiExtensions.UseMedRecWebUi"/> on a loopback port. Each provider keeps its records in its own SQLite
/// file (the dev system's embedded default). The identities file, written as `medrec dev` writes it, is both the
/// custody key store and what the browser loads to sign in.
/// </summary>
public sealed class BrowserWorld : IAsyncLifetime
{
    public const string Clinic = "Test Clinic";
    public const string SecondOpinion = "Second-opinion physician";
    public const string PatientReported = "Patient-reported records";
    public const string Patient = "Test Patient";

    /// <summary>A second patient, whose clinic record is changed behind the chain's back (the integrity scenario).</summary>
    public const string TamperedPatient = "Test Tampered Patient";

    private static readonly TimeSpan MirrorDeadline = TimeSpan.FromSeconds(60);
    private readonly string _directory = Directory.CreateTempSubdirectory("medrec-web-").FullName;
    private TestChain? _chain;
    private WebApplication? _app;

    public Uri BaseAddress { get; private set; } = null!;
    public string IdentitiesFile => Path.Combine(_directory, "demo-identities.json");
    public IReadOnlyList<DemoIdentity> Identities { get; private set; } = [];

    public async Task InitializeAsync()
    {
        _chain = await TestChain.StartAsync();
        var deploymentFile = Path.Combine(_directory, "deployment.json");
        await DeploymentFile.WriteAsync(deploymentFile, _chain.Deployment);

        var clinic = await NewProviderAsync(Clinic);
        var secondOpinion = await NewProviderAsync(SecondOpinion);
        var patientReported = await NewProviderAsync(PatientReported);
        var patient = await NewPatientAsync();
        var tampered = await NewPatientAsync();
        Identities =
        [
            Identity("provider", Clinic, clinic), Identity("provider", SecondOpinion, secondOpinion),
            Identity("provider", PatientReported, patientReported), Identity("patient", Patient, patient),
            Identity("patient", TamperedPatient, tampered),
        ];
        await WriteIdentitiesAsync();

        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Orleans:ClusterId"] = $"cluster-{Guid.NewGuid():N}",
            ["Orleans:ServiceId"] = $"medrec-{Guid.NewGuid():N}",
            [$"{MedRecApiOptions.Section}:SiloPort"] = "0",
            [$"{MedRecApiOptions.Section}:GatewayPort"] = "0",
            [$"{ChainIndexerOptions.Section}:DeploymentFile"] = deploymentFile,
            [$"{ChainIndexerOptions.Section}:PollInterval"] = "00:00:00.020",
            ["MedRec:Streams:QueuePollInterval"] = "00:00:00.020",
            ["MedRec:KeyStore:IdentitiesFile"] = IdentitiesFile,
            ["MedRec:PatientRecords:Provider"] = Address(patientReported),
            [$"{WebUiOptions.Section}:Root"] = Path.Combine(RepositoryPaths.Web, "dist"),
        };
        foreach (var provider in new[] { clinic, secondOpinion, patientReported })
        {
            var store = $"MedRec:ProviderStores:{Address(provider)}";
            settings[$"{store}:Kind"] = "Sqlite";
            settings[$"{store}:ConnectionString"] = $"Data Source={StoreFile(Address(provider))}";
        }

        _app = MedRecApiHost.Build([], settings);
        await _app.StartAsync();
        BaseAddress = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/");

        // The browser story starts by finding the patient: wait until the mirror shows every participant registered.
        using var http = new HttpClient { BaseAddress = BaseAddress };
        foreach (var identity in Identities) await WaitUntilRegisteredAsync(http, identity);
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (_chain is not null) await _chain.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    public DemoIdentity Named(string name) => Identities.Single(i => i.Name == name);

    /// <summary>The SQLite file that is this provider's record store.</summary>
    public string StoreFile(string provider) => Path.Combine(_directory, provider.ToLowerInvariant() + ".db");

    /// <summary>A client of the API acting as <paramref name="identity"/> (its custody key is in the identities file).</summary>
    public MedRecApiClient Client(DemoIdentity identity) =>
        new(new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(90) }, new EthECKey(identity.PrivateKey));

    private async Task<EthECKey> NewKeyAsync()
    {
        var key = EthECKey.GenerateKey();
        await _chain!.Node.FundAsync(key.GetPublicAddress());
        return key;
    }

    private async Task<EthECKey> NewPatientAsync()
    {
        var key = await NewKeyAsync();
        await new ParticipantClient(_chain!.Node.RpcUrl, _chain.Node.ChainId, key, _chain.Deployment.Contracts)
            .RegisterPatientAsync(RandomNumberGenerator.GetBytes(32));
        return key;
    }

    private async Task<EthECKey> NewProviderAsync(string name)
    {
        var key = await NewKeyAsync();
        await _chain!.Root.RegisterProviderAsync(key.GetPublicAddress(), RandomNumberGenerator.GetBytes(32),
            $"https://{name.Replace(' ', '-').ToLowerInvariant()}.example.org/fhir");
        return key;
    }

    private async Task WriteIdentitiesAsync()
    {
        // As `medrec dev` writes it: readable by this user only, since it holds private keys.
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using var stream = new FileStream(IdentitiesFile, options);
        await JsonSerializer.SerializeAsync(stream, Identities, new JsonSerializerOptions(JsonSerializerDefaults.Web));
    }

    private static async Task WaitUntilRegisteredAsync(HttpClient http, DemoIdentity identity)
    {
        var deadline = DateTime.UtcNow + MirrorDeadline;
        while (true)
        {
            using var response = await http.GetAsync($"api/participants/{identity.Address}");
            if (response.IsSuccessStatusCode
                && (await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("registered", out var registered)
                && registered.GetBoolean())
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The mirror did not show {identity.Role} '{identity.Name}' ({identity.Address}) registered within {MirrorDeadline}.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50)); // poll interval
        }
    }

    private static string Address(EthECKey key) => key.GetPublicAddress().ToLowerInvariant();

    private static DemoIdentity Identity(string role, string name, EthECKey key) =>
        new(role, name, Address(key), "0x" + Convert.ToHexStringLower(key.GetPrivateKeyAsBytes()));
}

/// <summary>One entry of the identities file: <c>{ role, name, address, privateKey }</c> (Cli/DemoIdentity.cs).</summary>
public sealed record DemoIdentity(string Role, string Name, string Address, string PrivateKey);

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserWorld>
{
    public const string Name = "browser";
}
