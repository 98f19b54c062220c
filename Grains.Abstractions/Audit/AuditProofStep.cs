namespace MedRec.Grains.Abstractions.Audit;

/// <summary>One level of an inclusion proof: the sibling hash and whether it sits left of the running hash.</summary>
[GenerateSerializer, Immutable, Alias("medrec.audit-proof-step")]
public sealed record AuditProofStep(
    [property: Id(0)] string Sibling,
    [property: Id(1)] bool SiblingOnLeft);
