namespace MedRec.Grains.Abstractions.Writes;

/// <summary>Records written to a provider's store and the transaction that publishes their pointers.</summary>
[GenerateSerializer, Immutable, Alias("medrec.records-publication")]
public sealed record RecordsPublication(
    [property: Id(0)] string TransactionHash,
    [property: Id(1)] IReadOnlyList<PublishedPointerInfo> Pointers);
