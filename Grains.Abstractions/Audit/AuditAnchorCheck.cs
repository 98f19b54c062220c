namespace MedRec.Grains.Abstractions.Audit;

/// <summary>One anchor checked against the provider's store today: the root the chain holds and the root (and count)
/// recomputed from the entries now stored in its range. A difference means the audit log was rewritten.</summary>
[GenerateSerializer, Immutable, Alias("medrec.audit-anchor-check")]
public sealed record AuditAnchorCheck(
    [property: Id(0)] ulong Index,
    [property: Id(1)] long FirstSeq,
    [property: Id(2)] long LastSeq,
    [property: Id(3)] string ChainRoot,
    [property: Id(4)] long ChainEntryCount,
    [property: Id(5)] string StoreRoot,
    [property: Id(6)] long StoreEntryCount)
{
    public bool Matches => ChainRoot == StoreRoot && ChainEntryCount == StoreEntryCount;
}
