namespace MedRec.Grains.Abstractions.Research;

/// <summary>The mirror of one researcher (keyed by lowercase address): registered by a certifier, tied to the
/// validator whose sealed blocks earn it its research quota.</summary>
[GenerateSerializer, Immutable, Alias("medrec.researcher-view")]
public sealed record ResearcherView(
    [property: Id(0)] string Address,
    [property: Id(1)] bool Registered,
    [property: Id(2)] string? IdentityHash,
    [property: Id(3)] string? Validator,
    [property: Id(4)] string? Certifier);
