namespace MedRec.Grains.Abstractions.Mirror;

/// <summary>How often a mirror grain applied, ignored (as a duplicate) and undid (after a reorg) chain events.</summary>
[GenerateSerializer, Immutable, Alias("medrec.mirror-counters")]
public sealed record MirrorCounters(
    [property: Id(0)] long Applied, [property: Id(1)] long Duplicates, [property: Id(2)] long Undone, [property: Id(3)] int Events);
