namespace MedRec.Grains.Abstractions.Research;

/// <summary>
/// One provider's part of one cell, over its opted-in patients only: the patients as keyed hashes (the first 8 bytes
/// of HMAC-SHA256 under the query's one-time key, so the merge counts distinct patients across providers without
/// seeing an address, and hashes of two queries cannot be linked), the record count and the sum of values.
/// </summary>
[GenerateSerializer, Immutable, Alias("medrec.research-cell-share")]
public sealed record ResearchCellShare(
    [property: Id(0)] ResearchCellKey Cell,
    [property: Id(1)] IReadOnlyList<ulong> PatientHashes,
    [property: Id(2)] long Records,
    [property: Id(3)] double ValueSum);
