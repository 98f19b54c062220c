using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MedRec.Grains.Records;

/// <summary>
/// Brings every provider store this host is configured with to the current schema once the host has started. A
/// gatekeeper audits every decision, denials included, and refuses (store-unavailable) when it cannot: without this, a
/// provider that had never had a record added through this host answered every request, even a denial, as unavailable.
/// In the background and every store on its own, with a time limit: a provider database that is down or hangs must not
/// keep the silo, or any other provider's gatekeeper, from starting. Such a store is logged; its gatekeeper answers
/// unavailable until it is back and migrated (the next record write migrates it, and so does the next start).
/// </summary>
public sealed partial class ProviderStoreMigrator(ProviderStoreFactory stores, ILogger<ProviderStoreMigrator> logger) : BackgroundService
{
    private static readonly TimeSpan PerStoreLimit = TimeSpan.FromSeconds(30);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(stores.ConfiguredProviders.Select(provider => MigrateAsync(provider, stoppingToken)));

    private async Task MigrateAsync(string provider, CancellationToken stoppingToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        limit.CancelAfter(PerStoreLimit);
        try
        {
            await stores.For(provider).MigrateAsync(limit.Token);
        }
        catch (Exception e)
        {
            // Never fault the host: when it is stopping, whatever the store answered no longer matters.
            if (!stoppingToken.IsCancellationRequested) LogMigrationFailed(logger, provider, e);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The store of provider {Provider} could not be migrated at start; its gatekeeper answers unavailable until it is")]
    private static partial void LogMigrationFailed(ILogger logger, string provider, Exception exception);
}
