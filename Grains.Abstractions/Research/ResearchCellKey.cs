namespace MedRec.Grains.Abstractions.Research;

/// <summary>One cell of an aggregate: the values of the attributes the query groups by (null when not grouped by it,
/// or when the record has none). <see cref="Bucket"/> is floor(value / width) of a histogram.</summary>
[GenerateSerializer, Immutable, Alias("medrec.research-cell-key")]
public sealed record ResearchCellKey(
    [property: Id(0)] int? Year,
    [property: Id(1)] string? Category,
    [property: Id(2)] string? CodeSystem,
    [property: Id(3)] string? Code,
    [property: Id(4)] long? Bucket)
{
    public static readonly ResearchCellKey All = new(null, null, null, null, null);
}
