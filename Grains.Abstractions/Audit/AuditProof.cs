namespace MedRec.Grains.Abstractions.Audit;

/// <summary>
/// The inclusion proof of one audit entry in its provider's anchored Merkle tree (docs/adr/0010-audit-anchors.md): the
/// entry as stored, its leaf hash, its position among the anchor's <see cref="LeafCount"/> leaves, the sibling path
/// from the leaf up, and the anchor. A verifier recomputes the leaf from <see cref="Entry"/>, folds
/// <see cref="Path"/> and compares with the root the chain holds for the anchor, never with <see cref="AuditAnchorInfo.Root"/> alone.
/// </summary>
[GenerateSerializer, Immutable, Alias("medrec.audit-proof")]
public sealed record AuditProof(
    [property: Id(0)] SequencedAuditEntry Entry,
    [property: Id(1)] string Leaf,
    [property: Id(2)] int LeafIndex,
    [property: Id(3)] int LeafCount,
    [property: Id(4)] IReadOnlyList<AuditProofStep> Path,
    [property: Id(5)] AuditAnchorInfo Anchor,
    [property: Id(6)] long ChainId);
