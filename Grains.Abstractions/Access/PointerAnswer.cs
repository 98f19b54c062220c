namespace MedRec.Grains.Abstractions.Access;

/// <summary>
/// The answer for one pointer. <see cref="BundleJson"/> is a FHIR R4 searchset Bundle, and holds records only when the
/// verdict is <see cref="IntegrityVerdict.Verified"/>: data that fails the check is never returned.
/// </summary>
[GenerateSerializer, Immutable, Alias("medrec.pointer-answer")]
public sealed record PointerAnswer(
    [property: Id(0)] string PointerId,
    [property: Id(1)] ulong Version,
    [property: Id(2)] IntegrityVerdict Verdict,
    [property: Id(3)] string ChainDataHash,
    [property: Id(4)] string? ComputedDataHash,
    [property: Id(5)] int RecordCount,
    [property: Id(6)] string BundleJson);
