using System.Collections.Concurrent;
using MedRec.Grains.Abstractions.Telemetry;
using MedRec.Silo.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace MedRec.Host.Api.Tests;

/// <summary>The service defaults as a host sees them: Orleans' tracing switched on unless the host decided, and
/// MedRec's spans and metrics exported over OTLP when an endpoint is configured.</summary>
public sealed class ServiceDefaultsTests
{
    [Fact]
    public async Task With_an_otlp_endpoint_configured_medrec_spans_and_metrics_reach_the_collector()
    {
        var received = new ConcurrentQueue<string>();
        await using var collector = await LoopbackApp.StartAsync(new Dictionary<string, string?>(), _ => { }, app =>
            app.MapPost("/v1/{signal}", (string signal) =>
            {
                received.Enqueue(signal);
                return TypedResults.Ok();
            }));
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{TelemetryOptions.Section}:OtlpEndpoint"] = collector.Http.BaseAddress!.ToString().TrimEnd('/'),
            [$"{TelemetryOptions.Section}:OtlpProtocol"] = "HttpProtobuf",
        });
        builder.AddMedRecServiceDefaults();
        using var host = builder.Build();
        await host.StartAsync();

        using (var span = MedRecTelemetry.ActivitySource.StartActivity("medrec.test"))
        {
            Assert.NotNull(span);
        }

        MedRecTelemetry.Decided<object?>(null, "0x0000000000000000000000000000000000000001", Grains.Abstractions.Access.AccessAction.Read,
            Grains.Abstractions.Access.ProviderOutcome.Ok, null, null);
        host.Services.GetRequiredService<TracerProvider>().ForceFlush();
        host.Services.GetRequiredService<MeterProvider>().ForceFlush();

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!(received.Contains("traces") && received.Contains("metrics")))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the collector did not receive traces and metrics within 10 s (got: {string.Join(", ", received)})");
            await Task.Delay(20);
        }

        await host.StopAsync();
    }

    [Fact]
    public void Orleans_distributed_tracing_is_switched_on_unless_the_host_set_it()
    {
        var unset = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        unset.AddMedRecServiceDefaults();
        Assert.Equal("true", unset.Configuration["Orleans:EnableDistributedTracing"]);

        var off = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        off.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Orleans:EnableDistributedTracing"] = "false" });
        off.AddMedRecServiceDefaults();
        Assert.Equal("false", off.Configuration["Orleans:EnableDistributedTracing"]);
    }
}
