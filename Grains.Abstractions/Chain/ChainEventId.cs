namespace MedRec.Grains.Abstractions.Chain;

/// <summary>Where a chain event came from. (BlockHash, LogIndex) identifies it exactly: the same log redelivered has
/// the same key, and the same log re-mined in another block after a reorg has another.</summary>
[GenerateSerializer, Immutable, Alias("medrec.chain-event-id")]
public sealed record ChainEventId(
    [property: Id(0)] ulong BlockNumber,
    [property: Id(1)] string BlockHash,
    [property: Id(2)] int LogIndex,
    [property: Id(3)] string TransactionHash)
{
    public string Key => $"{BlockHash}:{LogIndex}";
}
