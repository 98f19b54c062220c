namespace MedRec.Grains.Abstractions.Chain;

/// <summary>The indexer lease: who holds it, until when (UTC), and how many times it changed hands (the epoch
/// grows by one whenever a different holder takes it).</summary>
[GenerateSerializer, Immutable, Alias("medrec.indexer-lease")]
public sealed record IndexerLease(
    [property: Id(0)] string Holder,
    [property: Id(1)] DateTimeOffset ExpiresAt,
    [property: Id(2)] long Epoch)
{
    public bool IsHeldBy(string holder, DateTimeOffset now) => Holder == holder && ExpiresAt > now;
}
