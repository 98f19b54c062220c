using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace MedRec.Silo.ServiceDefaults;

/// <summary>
/// What every MedRec host (silo, dev silo, API) shares, after eShop's ServiceDefaults: OpenTelemetry traces, metrics
/// and logs, and the health checks (mapped by the hosts that serve HTTP). Call it before <c>UseOrleans</c> / <c>UseOrleansClient</c>: it turns Orleans' distributed tracing on in
/// the configuration Orleans reads there.
/// </summary>
public static class ServiceDefaultsExtensions
{
    private const string OrleansTracingKey = "Orleans:EnableDistributedTracing";

    public static TBuilder AddMedRecServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.ConfigureMedRecOpenTelemetry();
        builder.AddMedRecHealthChecks();
        return builder;
    }

    /// <summary>OpenTelemetry with MedRec's sources and meters, ASP.NET Core and HttpClient instrumentation, and the
    /// exporters <see cref="TelemetryOptions"/> asks for.</summary>
    public static TBuilder ConfigureMedRecOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        var section = builder.Configuration.GetSection(TelemetryOptions.Section);
        builder.Services.AddOptions<TelemetryOptions>().Bind(section);
        // Read now, not through IOptions: which exporters exist is decided while the providers are built.
        var options = section.Get<TelemetryOptions>() ?? new TelemetryOptions();

        // Without it Orleans neither creates grain-call spans nor carries the trace context into the grain, and a trace
        // would stop at the API. A host that sets it (to false, say) keeps its own choice.
        if (builder.Configuration[OrleansTracingKey] is null)
        {
            builder.Configuration.AddInMemoryCollection([new KeyValuePair<string, string?>(OrleansTracingKey, "true")]);
        }

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        var otel = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                var serviceName = options.ServiceName ?? Setting(builder, "OTEL_SERVICE_NAME");
                resource.AddService(serviceName ?? builder.Environment.ApplicationName);
            })
            .WithTracing(tracing =>
            {
                tracing.AddMedRecSources()
                    // Probes answer every few seconds and would bury the requests worth reading.
                    .AddAspNetCoreInstrumentation(o => o.Filter = context => !IsHealthProbe(context))
                    // Only HTTP calls inside a trace: the indexer polls the chain's RPC many times a second, and each
                    // poll would otherwise be a trace of its own.
                    .AddHttpClientInstrumentation(o => o.FilterHttpRequestMessage = _ => Activity.Current is not null);
                if (options.ConsoleExporter) tracing.AddConsoleExporter();
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMedRecMeters()
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation();
                if (options.ConsoleExporter) metrics.AddConsoleExporter();
            });

        var endpoint = options.OtlpEndpoint ?? Setting(builder, "OTEL_EXPORTER_OTLP_ENDPOINT");
        if (!string.IsNullOrWhiteSpace(endpoint))
        {
            var protocol = options.OtlpProtocol
                ?? (Setting(builder, "OTEL_EXPORTER_OTLP_PROTOCOL") == "http/protobuf" ? OtlpExportProtocol.HttpProtobuf : OtlpExportProtocol.Grpc);
            otel.UseOtlpExporter(protocol, new Uri(endpoint));
        }

        return builder;
    }

    internal static bool IsHealthProbe(HttpContext context) => context.Request.Path.StartsWithSegments("/health");

    // The standard OTEL_* variables, from configuration when the host reads the environment into it, else straight
    // from the environment (hosts built with DisableDefaults do not).
    private static string? Setting(IHostApplicationBuilder builder, string name) =>
        builder.Configuration[name] is { Length: > 0 } configured ? configured : Environment.GetEnvironmentVariable(name) is { Length: > 0 } set ? set : null;
}
