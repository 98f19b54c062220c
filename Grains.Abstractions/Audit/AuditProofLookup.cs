namespace MedRec.Grains.Abstractions.Audit;

/// <summary>What a provider's anchor grain found for an audit entry id and a patient.</summary>
public enum AuditProofStatus
{
    /// <summary>No entry with that id about that patient in this provider's store.</summary>
    NotFound,

    /// <summary>The entry exists but no anchor covers it yet.</summary>
    NotAnchored,

    /// <summary>The proof is in <see cref="AuditProofLookup.Proof"/>.</summary>
    Found,
}

[GenerateSerializer, Immutable, Alias("medrec.audit-proof-lookup")]
public sealed record AuditProofLookup(
    [property: Id(0)] AuditProofStatus Status,
    [property: Id(1)] AuditProof? Proof);
