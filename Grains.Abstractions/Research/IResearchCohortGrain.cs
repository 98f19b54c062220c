using MedRec.Grains.Abstractions.Mirror;

namespace MedRec.Grains.Abstractions.Research;

/// <summary>
/// One shard of the research cohort: the consent of every patient whose address falls in the shard (see
/// <see cref="ResearchCohort.ShardOf"/>), mirrored from the <c>medrec.v1.research.consent-changed</c> stream. The
/// gatekeepers take the opted-in set from here, never from the researcher.
/// </summary>
[Alias("medrec.research-cohort-grain")]
public interface IResearchCohortGrain : IMirrorGrain
{
    /// <summary>The addresses among <paramref name="addresses"/> (lowercase) whose patients are opted in now.</summary>
    [Alias("consenting")]
    Task<IReadOnlyList<string>> ConsentingAsync(IReadOnlyList<string> addresses);

    /// <summary>How many patients of the shard are opted in.</summary>
    [Alias("count")]
    Task<int> CountAsync();
}
