namespace MedRec.Grains.Abstractions.Research;

/// <summary>
/// One cell of a research answer. A released cell carries its distinct patients, records and (for mean) the mean; a
/// suppressed cell carries only its key and why (<see cref="ResearchSuppression"/>), never a value.
/// </summary>
[GenerateSerializer, Immutable, Alias("medrec.research-cell")]
public sealed record ResearchCell(
    [property: Id(0)] ResearchCellKey Key,
    [property: Id(1)] string? Suppressed,
    [property: Id(2)] long? Patients,
    [property: Id(3)] long? Records,
    [property: Id(4)] double? Mean);

/// <summary>Why a cell is suppressed.</summary>
public static class ResearchSuppression
{
    /// <summary>Fewer than k distinct patients.</summary>
    public const string BelowK = "below-k";

    /// <summary>At least k patients, but suppressed too so the suppressed cells together hold at least k patients
    /// (otherwise an ungrouped query minus the released cells would give the small cell away).</summary>
    public const string Complementary = "complementary";
}
