using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MedRec.Grains.Records;

/// <summary>
/// Brings every provider store this host is configured with to the current schema when the host starts. A gatekeeper
/// audits every decision, denials included, and refuses (store-unavailable) when it cannot: without this, a provider
/// that had never had a record added through this host answered every request, even a denial, as unavailable.
/// A store that cannot be reached is logged and skipped, so one provider's database being down does not keep the
/// silo (and every other provider's gatekeeper) from starting; its gatekeeper answers unavailable until it is back
/// and migrated (the next record write migrates it, and so does the next start).
/// </summary>
public sealed partial class ProviderStoreMigrator(ProviderStoreFactory stores, ILogger<ProviderStoreMigrator> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var provider in stores.ConfiguredProviders)
        {
            try
            {
                await stores.For(provider).MigrateAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogMigrationFailed(logger, provider, e);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "The store of provider {Provider} could not be migrated at start; its gatekeeper answers unavailable until it is")]
    private static partial void LogMigrationFailed(ILogger logger, string provider, Exception exception);
}
