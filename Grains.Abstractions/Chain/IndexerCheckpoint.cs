namespace MedRec.Grains.Abstractions.Chain;

/// <summary>
/// Where the chain indexer stands: the next block to read, and the recent blocks it applied (hash and events) so a
/// reorg can be detected by hash and its events undone. Saved only after the mirror grains confirmed the events.
/// </summary>
[GenerateSerializer, Immutable, Alias("medrec.indexer-checkpoint")]
public sealed record IndexerCheckpoint(
    [property: Id(0)] ulong NextBlock,
    [property: Id(1)] IReadOnlyList<IndexedBlock> Recent,
    [property: Id(2)] long EventsApplied = 0,
    [property: Id(3)] long Reorgs = 0);

[GenerateSerializer, Immutable, Alias("medrec.indexed-block")]
public sealed record IndexedBlock(
    [property: Id(0)] ulong Number, [property: Id(1)] string Hash, [property: Id(2)] IReadOnlyList<ChainEventEnvelope> Events);
