using MedRec.Grains.Abstractions.Chain;

namespace MedRec.Grains.Abstractions.Mirror;

[GenerateSerializer, Immutable, Alias("medrec.patient-view")]
public sealed record PatientView(
    [property: Id(0)] string Address,
    [property: Id(1)] bool Registered,
    [property: Id(2)] string? IdentityHash,
    [property: Id(3)] bool ResearchConsent,
    [property: Id(4)] IReadOnlyList<RelationshipEntry> Relationships);

/// <summary>One line of a summary: the other party of a relationship and its status.</summary>
[GenerateSerializer, Immutable, Alias("medrec.relationship-entry")]
public sealed record RelationshipEntry([property: Id(0)] string Counterparty, [property: Id(1)] RelationshipStatus Status);
