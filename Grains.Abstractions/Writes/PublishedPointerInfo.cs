namespace MedRec.Grains.Abstractions.Writes;

/// <summary>One pointer a publication sends: its id, the data hash going on chain and how many records its slice holds.</summary>
[GenerateSerializer, Immutable, Alias("medrec.published-pointer-info")]
public sealed record PublishedPointerInfo(
    [property: Id(0)] string PointerId,
    [property: Id(1)] string DataHash,
    [property: Id(2)] int RecordCount);
