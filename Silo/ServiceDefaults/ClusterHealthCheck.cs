using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace MedRec.Silo.ServiceDefaults;

/// <summary>Ready when the Orleans cluster answers a grain call: the management grain lists the active silos. Works from
/// a silo and from a cluster client alike; a host with neither is not ready (rather than failing the probe).</summary>
public sealed class ClusterHealthCheck(IServiceProvider services) : IHealthCheck
{
    public const string Name = "orleans";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService<IGrainFactory>() is not { } grains) return HealthCheckResult.Unhealthy("no Orleans silo or client in this host");
        try
        {
            var hosts = await grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(cancellationToken);
            return hosts.Count > 0
                ? HealthCheckResult.Healthy($"{hosts.Count} active silo(s)")
                : HealthCheckResult.Unhealthy("no active silo");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("the cluster did not answer a grain call: " + e.GetType().Name);
        }
    }
}
