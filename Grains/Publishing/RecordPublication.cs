namespace MedRec.Grains.Publishing;

/// <summary>What <see cref="RecordPublisher.PublishAsync"/> published: the pointers and the transaction carrying them
/// (null when the records touched no slice).</summary>
public sealed record RecordPublication(IReadOnlyList<PublishedPointer> Pointers, string? TransactionHash);
