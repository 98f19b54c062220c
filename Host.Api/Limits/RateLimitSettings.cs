using System.ComponentModel.DataAnnotations;

namespace MedRec.Host.Api.Limits;

/// <summary>One token bucket per partition: <see cref="TokenLimit"/> requests at once, refilled by
/// <see cref="TokensPerPeriod"/> every <see cref="ReplenishmentPeriod"/>. No queue: a request over the limit is
/// answered 429 at once, with Retry-After.</summary>
public sealed class RateLimitSettings
{
    [Range(1, 1_000_000)]
    public int TokenLimit { get; set; }

    [Range(1, 1_000_000)]
    public int TokensPerPeriod { get; set; }

    [Range(typeof(TimeSpan), "00:00:00.001", "1.00:00:00")]
    public TimeSpan ReplenishmentPeriod { get; set; } = TimeSpan.FromMilliseconds(100);
}
