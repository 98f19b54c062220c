namespace MedRec.Grains.Abstractions.Chain;

/// <summary>What travels on a chain-event stream: the event, where it came from, and whether a reorg dropped it
/// (<see cref="IsUndo"/>: the receiver must take back its effect).</summary>
[GenerateSerializer, Immutable, Alias("medrec.chain-event-envelope")]
public sealed record ChainEventEnvelope(
    [property: Id(0)] ChainEventId Id, [property: Id(1)] ChainEvent Event, [property: Id(2)] bool IsUndo = false);
