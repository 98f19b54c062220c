using MedRec.Grains.Abstractions.Audit;
using MedRec.Grains.Records;
using MedRec.Grains.Writes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MedRec.Grains.Audit;

/// <summary>Every <see cref="AuditAnchorOptions.AnchorInterval"/>, asks each provider that has a store here and a
/// custody key to anchor its new audit entries (docs/adr/0010-audit-anchors.md).</summary>
public sealed partial class AuditAnchorService(
    IGrainFactory grains,
    IOptions<AuditAnchorOptions> options,
    IOptions<ProviderStoreOptions> storeOptions,
    IParticipantKeyStore keys,
    TimeProvider time,
    ILogger<AuditAnchorService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.AnchorInterval;
        if (interval <= TimeSpan.Zero) return;
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var provider in storeOptions.Value.Providers.Keys.Select(p => p.ToLowerInvariant()).Distinct())
            {
                try
                {
                    if (await keys.FindAsync(provider, stoppingToken) is null) continue;
                    await grains.GetGrain<IAuditAnchorGrain>(provider).AnchorNowAsync();
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    LogFailed(logger, provider, error);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit anchoring of {Provider} failed; the next period tries again")]
    private static partial void LogFailed(ILogger logger, string provider, Exception error);
}
