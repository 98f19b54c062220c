namespace MedRec.Grains.Records;

/// <summary>The coarse attributes a <see cref="ResearchQuery"/> may group by: the stores' own search columns, nothing
/// about the person (the stores keep no demographics; see docs/adr/0008-research-aggregates.md).</summary>
[Flags]
public enum ResearchGroup
{
    None = 0,

    /// <summary>The UTC year of the effective instant (records without one form the year-less cell).</summary>
    Year = 1,

    /// <summary>The category code.</summary>
    Category = 2,

    /// <summary>The code system and code.</summary>
    Code = 4,
}
