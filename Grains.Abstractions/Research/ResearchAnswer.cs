using MedRec.Grains.Abstractions.Access;

namespace MedRec.Grains.Abstractions.Research;

/// <summary>
/// The answer to a research query: refused (<see cref="Refusal"/>, a stable code; then no cells), or the cells in a
/// fixed order with suppression applied. <see cref="Providers"/> says which providers contributed and, for the others,
/// why not (a provider past the deadline leaves its patients out of every cell).
/// </summary>
[GenerateSerializer, Immutable, Alias("medrec.research-answer")]
public sealed record ResearchAnswer(
    [property: Id(0)] string? Refusal,
    [property: Id(1)] string? RefusalDetail,
    [property: Id(2)] string? Query,
    [property: Id(3)] int K,
    [property: Id(4)] IReadOnlyList<ResearchCell> Cells,
    [property: Id(5)] IReadOnlyList<ResearchProviderOutcome> Providers,
    [property: Id(6)] ResearchQuota? Quota)
{
    public static ResearchAnswer Refused(string code, string detail, int k, IReadOnlyList<ResearchProviderOutcome> providers, ResearchQuota? quota = null) =>
        new(code, detail, null, k, [], providers, quota);
}

[GenerateSerializer, Immutable, Alias("medrec.research-provider-outcome")]
public sealed record ResearchProviderOutcome(
    [property: Id(0)] string Provider, [property: Id(1)] ProviderOutcome Outcome, [property: Id(2)] string? Reason);

/// <summary>A researcher's fair-use quota at the time of a query: used and allowed in the last 24 hours, the
/// validator's share of the recent blocks it was computed from, and when the next query is allowed if none is now.</summary>
[GenerateSerializer, Immutable, Alias("medrec.research-quota")]
public sealed record ResearchQuota(
    [property: Id(0)] int Used,
    [property: Id(1)] int AllowedPerDay,
    [property: Id(2)] int SealedBlocks,
    [property: Id(3)] int WindowBlocks,
    [property: Id(4)] DateTimeOffset? RetryAt);
