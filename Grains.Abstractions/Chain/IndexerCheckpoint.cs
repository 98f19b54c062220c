namespace MedRec.Grains.Abstractions.Chain;

/// <summary>
/// Where the chain indexer stands: the next block to read, and the recent blocks it applied (hash and events) so a
/// reorg can be detected by hash and its events undone. Saved only after the mirror grains confirmed the events.
/// <see cref="Early"/> holds the revocations applied before their blocks had the confirmations (issue 9: revocations
/// bite at once), kept until their height is confirmed: then they are dropped if they are in the canonical block (the
/// confirmed pass delivered them again, a duplicate) and undone if not.
/// </summary>
[GenerateSerializer, Immutable, Alias("medrec.indexer-checkpoint")]
public sealed record IndexerCheckpoint(
    [property: Id(0)] ulong NextBlock,
    [property: Id(1)] IReadOnlyList<IndexedBlock> Recent,
    [property: Id(2)] long EventsApplied = 0,
    [property: Id(3)] long Reorgs = 0,
    [property: Id(4)] IReadOnlyList<ChainEventEnvelope>? Early = null);

[GenerateSerializer, Immutable, Alias("medrec.indexed-block")]
public sealed record IndexedBlock(
    [property: Id(0)] ulong Number, [property: Id(1)] string Hash, [property: Id(2)] IReadOnlyList<ChainEventEnvelope> Events);
