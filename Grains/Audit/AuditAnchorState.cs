using MedRec.Grains.Abstractions.Audit;

namespace MedRec.Grains.Audit;

/// <summary>The anchors a provider published, oldest first (index = position); the chain stays the reference.</summary>
[GenerateSerializer, Alias("medrec.audit-anchor-state")]
public sealed class AuditAnchorState
{
    [Id(0)] public List<AuditAnchorInfo> Anchors { get; set; } = [];
}
