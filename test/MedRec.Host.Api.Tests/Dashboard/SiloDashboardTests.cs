using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using MedRec.Silo.Dashboard;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MedRec.Host.Api.Tests.Dashboard;

/// <summary>Orleans Dashboard on a silo built as Silo/Program.cs builds it (a generic host, no HTTP of its own):
/// absent unless MedRec:Dashboard:Enabled, then served on its own port from the silo's grains.</summary>
public sealed class SiloDashboardTests
{
    [Fact]
    public async Task Without_the_setting_a_silo_has_no_dashboard_server_nor_its_grain_call_profiler()
    {
        using var host = await StartSiloAsync(new Dictionary<string, string?>());

        Assert.Null(host.Services.GetService<DashboardServer>());
        Assert.DoesNotContain(host.Services.GetServices<IIncomingGrainCallFilter>(),
            filter => filter.GetType().Assembly == typeof(Orleans.Dashboard.DashboardOptions).Assembly);
    }

    [Fact]
    public async Task Enabled_the_dashboard_answers_over_http_on_its_own_port_with_this_silo_among_its_hosts()
    {
        using var host = await StartSiloAsync(new Dictionary<string, string?>
        {
            [$"{MedRecDashboardOptions.Section}:Enabled"] = "true",
            [$"{MedRecDashboardOptions.Section}:Port"] = "0",
        });
        var address = host.Services.GetRequiredService<DashboardServer>().Address;
        Assert.NotNull(address);
        Assert.Equal("/dashboard/", address.AbsolutePath);
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(address.Host)), $"the dashboard listens on {address}, not loopback");
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };

        using var page = await http.GetAsync("");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);

        // The counters come from the dashboard's grain in the silo: the silo itself is listed once the grain has
        // sampled the cluster.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            using var counters = await http.GetAsync("DashboardCounters");
            Assert.Equal(HttpStatusCode.OK, counters.StatusCode);
            using var json = JsonDocument.Parse(await counters.Content.ReadAsStringAsync());
            if (json.RootElement.GetProperty("hosts").GetArrayLength() == 1) break;
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the dashboard did not list the silo among its hosts within 20 s: {json.RootElement}");
            }

            await Task.Delay(50);
        }

        await host.StopAsync();
    }

    [Fact]
    public void An_invalid_dashboard_section_fails_the_silo_s_build()
    {
        var builder = SiloBuilder(new Dictionary<string, string?>
        {
            [$"{MedRecDashboardOptions.Section}:Enabled"] = "true",
            [$"{MedRecDashboardOptions.Section}:ListenAddress"] = "anywhere",
        });

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            builder.UseOrleans(silo => silo.AddMedRecDashboard(builder.Configuration)));
        Assert.Contains("ListenAddress", error.Message, StringComparison.Ordinal);
    }

    private static async Task<IHost> StartSiloAsync(Dictionary<string, string?> settings)
    {
        var builder = SiloBuilder(settings);
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePort(), FreePort(), serviceId: $"dashboard-{Guid.NewGuid():N}", clusterId: $"dashboard-{Guid.NewGuid():N}")
            .AddMemoryGrainStorageAsDefault()
            .AddMedRecDashboard(builder.Configuration));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static HostApplicationBuilder SiloBuilder(Dictionary<string, string?> settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
