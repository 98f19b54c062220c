using System.Net;
using System.Text.Json;
using MedRec.ChainIndexer.Indexing;
using MedRec.Host.Api;
using MedRec.Silo.Dashboard;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace MedRec.IntegrationTests.Api;

/// <summary>Orleans Dashboard on the API host's co-hosted silo: off unless MedRec:Dashboard:Enabled, then on its own
/// port, apart from the API's.</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiDashboardTests(ApiFixture world)
{
    [Fact]
    public async Task The_api_host_serves_no_dashboard_unless_the_setting_enables_it()
    {
        Assert.Null(world.App.Services.GetService<DashboardServer>());
        using var http = new HttpClient { BaseAddress = world.BaseAddress };
        using var onApiPort = await http.GetAsync("dashboard/");
        Assert.Equal(HttpStatusCode.NotFound, onApiPort.StatusCode);
    }

    [Fact]
    public async Task With_the_setting_the_co_hosted_silo_s_dashboard_answers_on_its_own_port()
    {
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Orleans:ClusterId"] = $"dashboard-{Guid.NewGuid():N}",
            ["Orleans:ServiceId"] = $"dashboard-{Guid.NewGuid():N}",
            [$"{MedRecApiOptions.Section}:SiloPort"] = "0",
            [$"{MedRecApiOptions.Section}:GatewayPort"] = "0",
            [$"{ChainIndexerOptions.Section}:DeploymentFile"] = world.DeploymentFile,
            [$"{ChainIndexerOptions.Section}:Enabled"] = "false",
            [$"{MedRecDashboardOptions.Section}:Enabled"] = "true",
            [$"{MedRecDashboardOptions.Section}:Port"] = "0",
        };
        await using var app = MedRecApiHost.Build([], settings);
        await app.StartAsync();
        try
        {
            var dashboard = app.Services.GetRequiredService<DashboardServer>().Address;
            Assert.NotNull(dashboard);
            var api = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            Assert.NotEqual(api.Port, dashboard.Port);
            using var http = new HttpClient { BaseAddress = dashboard, Timeout = TimeSpan.FromSeconds(30) };

            using var page = await http.GetAsync("");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);

            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (true)
            {
                using var counters = await http.GetAsync("DashboardCounters");
                Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
                using var json = JsonDocument.Parse(await counters.Content.ReadAsStringAsync());
                if (json.RootElement.GetProperty("hosts").GetArrayLength() == 1) break;
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"the dashboard did not list the co-hosted silo within 20 s: {json.RootElement}");
                }

                await Task.Delay(50);
            }
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
