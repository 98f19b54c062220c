using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace MedRec.Silo.ServiceDefaults;

/// <summary>Liveness and readiness: <c>/health/live</c> answers while the process runs; <c>/health/ready</c> when the
/// chain, the Orleans cluster and every configured provider store answer (503 otherwise, naming the failed check).</summary>
public static class HealthCheckExtensions
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";
    private const string LiveTag = "live";
    private const string ReadyTag = "ready";

    public static TBuilder AddMedRecHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(HealthOptions.Section);
        builder.Services.AddOptions<HealthOptions>().Bind(section).ValidateDataAnnotations().ValidateOnStart();
        var timeout = (section.Get<HealthOptions>() ?? new HealthOptions()).CheckTimeout;

        // Singletons: the chain check keeps its RPC client between probes.
        builder.Services.TryAddSingleton<ChainHealthCheck>();
        builder.Services.TryAddSingleton<ClusterHealthCheck>();
        builder.Services.TryAddSingleton<ProviderStoresHealthCheck>();
        builder.Services.AddHealthChecks()
            .AddCheck("process", () => HealthCheckResult.Healthy("running"), [LiveTag])
            .AddCheck<ChainHealthCheck>(ChainHealthCheck.Name, HealthStatus.Unhealthy, [ReadyTag], timeout)
            .AddCheck<ClusterHealthCheck>(ClusterHealthCheck.Name, HealthStatus.Unhealthy, [ReadyTag], timeout)
            // No outer timeout: each store has its own, so the answer names the one that hangs.
            .AddCheck<ProviderStoresHealthCheck>(ProviderStoresHealthCheck.Name, HealthStatus.Unhealthy, [ReadyTag]);
        return builder;
    }

    /// <summary>Maps <see cref="LivePath"/> and <see cref="ReadyPath"/>, both answering JSON.</summary>
    public static IEndpointRouteBuilder MapMedRecHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(LiveTag), ResponseWriter = HealthReportWriter.WriteAsync })
            .WithName("Liveness").WithSummary("The process is up.");
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = r => r.Tags.Contains(ReadyTag), ResponseWriter = HealthReportWriter.WriteAsync })
            .WithName("Readiness").WithSummary("The chain, the Orleans cluster and every configured provider store answer.");
        return endpoints;
    }
}
