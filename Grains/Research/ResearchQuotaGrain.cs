using MedRec.Grains.Abstractions.Research;
using MedRec.Grains.Access;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;

namespace MedRec.Grains.Research;

/// <summary>A researcher's granted queries of the last 24 hours (a sliding window), persisted before answering.</summary>
public sealed class ResearchQuotaGrain(
    [PersistentState("research-quota", AccessStorage.Name)] IPersistentState<ResearchQuotaGrain.State> state,
    [FromKeyedServices(AccessServiceCollectionExtensions.ClockKey)] TimeProvider time) : Grain, IResearchQuotaGrain
{
    private static readonly TimeSpan Window = TimeSpan.FromDays(1);

    public async Task<(bool Granted, int Used, DateTimeOffset? RetryAt)> TryConsumeAsync(int allowedPerDay)
    {
        var now = time.GetUtcNow();
        var granted = state.State.Granted;
        var pruned = granted.RemoveAll(at => at <= now - Window) > 0;
        if (granted.Count >= allowedPerDay)
        {
            if (pruned) await state.WriteStateAsync();
            return (false, granted.Count, granted.Count > 0 ? granted.Min() + Window : null);
        }

        granted.Add(now);
        await state.WriteStateAsync();
        return (true, granted.Count, null);
    }

    [GenerateSerializer, Alias("medrec.research-quota-state")]
    public sealed class State
    {
        [Id(0)] public List<DateTimeOffset> Granted { get; set; } = [];
    }
}
