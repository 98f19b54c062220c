using MedRec.Grains.Records;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace MedRec.Silo.ServiceDefaults;

/// <summary>Ready when every provider store this host has configured answers a query. A host without provider stores
/// (an API that only calls the cluster) has nothing to check here. Each store has <see cref="HealthOptions.CheckTimeout"/>
/// of its own, so one hanging database is named instead of timing the whole check out.</summary>
public sealed class ProviderStoresHealthCheck(IServiceProvider services, IOptions<HealthOptions> options) : IHealthCheck
{
    public const string Name = "provider-stores";

    // A pointer id that is never published: looking it up opens a connection and reads the store's pointer table, so
    // a store that is reachable but was never migrated fails too, and nothing is written.
    private const string ProbePointerId = "0x0000000000000000000000000000000000000000000000000000000000000000";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (services.GetService<IProviderStoreFactory>() is not { } stores || stores.ConfiguredProviders.Count == 0)
        {
            return HealthCheckResult.Healthy("no provider stores configured in this host");
        }

        var probes = stores.ConfiguredProviders.Order(StringComparer.Ordinal)
            .Select(async provider => (provider, error: await ProbeAsync(stores, provider, options.Value.CheckTimeout, cancellationToken)))
            .ToList();
        var results = await Task.WhenAll(probes);
        var data = results.ToDictionary(r => r.provider, r => (object)(r.error ?? "ok"));
        var failed = results.Where(r => r.error is not null).Select(r => r.provider).ToList();
        return failed.Count == 0
            ? HealthCheckResult.Healthy($"{results.Length} store(s) answered", data)
            : HealthCheckResult.Unhealthy($"{failed.Count} of {results.Length} store(s) did not answer: {string.Join(", ", failed)}", data: data);
    }

    // The error's type only: a database error's message can name hosts and users.
    private static async Task<string?> ProbeAsync(IProviderStoreFactory stores, string provider, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await stores.For(provider).FindPointerAsync(ProbePointerId, deadline.Token).WaitAsync(deadline.Token);
            return null;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return "timed out";
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return e.GetType().Name;
        }
    }
}
