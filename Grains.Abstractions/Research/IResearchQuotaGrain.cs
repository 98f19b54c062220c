namespace MedRec.Grains.Abstractions.Research;

/// <summary>One researcher's fair-use counter (keyed by address): the queries granted in the last 24 hours.</summary>
[Alias("medrec.research-quota-grain")]
public interface IResearchQuotaGrain : IGrainWithStringKey
{
    /// <summary>Counts a query if fewer than <paramref name="allowedPerDay"/> were counted in the last 24 hours.</summary>
    /// <returns>Whether it was counted, the count after it, and when the oldest counted query leaves the window.</returns>
    [Alias("try-consume")]
    Task<(bool Granted, int Used, DateTimeOffset? RetryAt)> TryConsumeAsync(int allowedPerDay);
}
