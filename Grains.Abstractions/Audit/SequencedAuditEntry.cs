using MedRec.Grains.Abstractions.Access;

namespace MedRec.Grains.Abstractions.Audit;

/// <summary>An audit entry with its position in the provider's audit log (the store's seq column).</summary>
[GenerateSerializer, Immutable, Alias("medrec.sequenced-audit-entry")]
public sealed record SequencedAuditEntry(
    [property: Id(0)] long Seq,
    [property: Id(1)] AuditEntry Entry);
