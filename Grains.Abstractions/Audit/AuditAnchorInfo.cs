namespace MedRec.Grains.Abstractions.Audit;

/// <summary>One anchor a provider published on the AuditAnchors contract: the Merkle root over its audit entries
/// <see cref="FirstSeq"/>..<see cref="LastSeq"/> (<see cref="EntryCount"/> of them), and where it went on chain.
/// <see cref="Root"/> and <see cref="TransactionHash"/> are 0x-hex.</summary>
[GenerateSerializer, Immutable, Alias("medrec.audit-anchor-info")]
public sealed record AuditAnchorInfo(
    [property: Id(0)] string Provider,
    [property: Id(1)] ulong Index,
    [property: Id(2)] long FirstSeq,
    [property: Id(3)] long LastSeq,
    [property: Id(4)] long EntryCount,
    [property: Id(5)] string Root,
    [property: Id(6)] string TransactionHash,
    [property: Id(7)] ulong BlockNumber,
    [property: Id(8)] string ContractAddress);
