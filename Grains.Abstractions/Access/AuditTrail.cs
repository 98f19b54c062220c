namespace MedRec.Grains.Abstractions.Access;

/// <summary>A patient's audit trail at one provider, or why it was refused.</summary>
[GenerateSerializer, Immutable, Alias("medrec.audit-trail")]
public sealed record AuditTrail(
    [property: Id(0)] string Provider,
    [property: Id(1)] ProviderOutcome Outcome,
    [property: Id(2)] string? Reason,
    [property: Id(3)] IReadOnlyList<AuditEntry> Entries);
