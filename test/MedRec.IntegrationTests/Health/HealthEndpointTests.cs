using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Indexing;
using MedRec.Grains.Records;
using MedRec.IntegrationTests.Access;
using MedRec.Silo.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MedRec.IntegrationTests.Health;

/// <summary>
/// /health/live and /health/ready over HTTP from a small web host on a loopback port, with the access world's real
/// anvil, silo (whose grain factory answers the cluster check) and PostgreSQL provider stores.
/// </summary>
[Collection(AccessCollection.Name)]
public sealed class HealthEndpointTests(AccessFixture world) : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("medrec-health-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private string _deploymentFile = "";

    public async Task InitializeAsync()
    {
        _deploymentFile = Path.Combine(_directory, "deployment.json");
        await DeploymentFile.WriteAsync(_deploymentFile, world.Chain.Deployment);
    }

    public Task DisposeAsync()
    {
        _http.Dispose();
        Directory.Delete(_directory, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Ready_is_healthy_when_the_chain_the_cluster_and_every_store_answer()
    {
        await using var api = await StartAsync(HealthySettings());

        using var response = await _http.GetAsync(api.Urls.First() + HealthCheckExtensions.ReadyPath);
        var body = await Json(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", body.GetProperty("status").GetString());
        var checks = Checks(body);
        Assert.Equal([ChainHealthCheck.Name, ClusterHealthCheck.Name, ProviderStoresHealthCheck.Name], checks.Keys.Order());
        Assert.All(checks.Values, check => Assert.Equal("healthy", check.GetProperty("status").GetString()));
        Assert.Equal(world.Providers.Count, checks[ProviderStoresHealthCheck.Name].GetProperty("data").EnumerateObject().Count(p => p.Value.GetString() == "ok"));
    }

    [Fact]
    public async Task Ready_is_503_naming_the_provider_store_that_is_down_while_live_stays_ok()
    {
        var settings = HealthySettings();
        settings[$"{ProviderStoreOptions.SectionName}:{world.DownProvider.Address}:Kind"] = "PostgreSql";
        settings[$"{ProviderStoreOptions.SectionName}:{world.DownProvider.Address}:ConnectionString"] =
            $"Host=127.0.0.1;Port={ClosedPort()};Username=nobody;Timeout=2";
        await using var api = await StartAsync(settings);

        using var ready = await _http.GetAsync(api.Urls.First() + HealthCheckExtensions.ReadyPath);
        var body = await Json(ready);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("unhealthy", body.GetProperty("status").GetString());
        var checks = Checks(body);
        var stores = checks[ProviderStoresHealthCheck.Name];
        Assert.Equal("unhealthy", stores.GetProperty("status").GetString());
        Assert.Contains(world.DownProvider.Address, stores.GetProperty("description").GetString());
        Assert.NotEqual("ok", stores.GetProperty("data").GetProperty(world.DownProvider.Address).GetString());
        Assert.Equal("ok", stores.GetProperty("data").GetProperty(world.Providers[0].Address).GetString());
        Assert.Equal("healthy", checks[ChainHealthCheck.Name].GetProperty("status").GetString());
        Assert.Equal("healthy", checks[ClusterHealthCheck.Name].GetProperty("status").GetString());

        using var live = await _http.GetAsync(api.Urls.First() + HealthCheckExtensions.LivePath);
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("healthy", (await Json(live)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_is_503_naming_the_chain_when_its_rpc_endpoint_is_down()
    {
        var settings = HealthySettings();
        settings[$"{ChainIndexerOptions.Section}:RpcUrl"] = $"http://127.0.0.1:{ClosedPort()}";
        await using var api = await StartAsync(settings);

        using var response = await _http.GetAsync(api.Urls.First() + HealthCheckExtensions.ReadyPath);
        var checks = Checks(await Json(response));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("unhealthy", checks[ChainHealthCheck.Name].GetProperty("status").GetString());
        Assert.Equal("healthy", checks[ProviderStoresHealthCheck.Name].GetProperty("status").GetString());
    }

    private Dictionary<string, string?> HealthySettings()
    {
        var settings = new Dictionary<string, string?> { [$"{ChainIndexerOptions.Section}:DeploymentFile"] = _deploymentFile };
        for (var i = 0; i < world.Providers.Count; i++)
        {
            var store = $"{ProviderStoreOptions.SectionName}:{world.Providers[i].Address}";
            settings[$"{store}:Kind"] = "PostgreSql";
            settings[$"{store}:ConnectionString"] = world.DatabaseConnectionString;
            settings[$"{store}:Schema"] = $"provider_{i}";
        }

        return settings;
    }

    private async Task<WebApplication> StartAsync(Dictionary<string, string?> settings)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton(world.Grains);
        builder.Services.AddProviderStores(builder.Configuration);
        builder.AddMedRecHealthChecks();
        var app = builder.Build();
        app.MapMedRecHealthChecks();
        await app.StartAsync();
        return app;
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    private static Dictionary<string, JsonElement> Checks(JsonElement body) =>
        body.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
