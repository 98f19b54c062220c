namespace MedRec.Grains.Abstractions.Mirror;

[GenerateSerializer, Immutable, Alias("medrec.provider-view")]
public sealed record ProviderView(
    [property: Id(0)] string Address,
    [property: Id(1)] bool Registered,
    [property: Id(2)] string? IdentityHash,
    [property: Id(3)] string? Endpoint,
    [property: Id(4)] string? Certifier,
    [property: Id(5)] bool Revoked,
    [property: Id(6)] IReadOnlyList<RelationshipEntry> Patients);
