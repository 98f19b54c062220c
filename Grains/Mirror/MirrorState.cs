using MedRec.Grains.Abstractions.Chain;

namespace MedRec.Grains.Mirror;

/// <summary>A mirror grain's persisted state: the chain events it has applied, in chain order, and its counters.
/// The view is a fold over the events, so a reorg's undo is "remove and fold again".</summary>
[GenerateSerializer, Alias("medrec.mirror-state")]
public sealed class MirrorState
{
    [Id(0)] public List<ChainEventEnvelope> Events { get; set; } = [];
    [Id(1)] public long Applied { get; set; }
    [Id(2)] public long Duplicates { get; set; }
    [Id(3)] public long Undone { get; set; }
}
