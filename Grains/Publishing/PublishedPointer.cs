namespace MedRec.Grains.Publishing;

/// <summary>A pointer as published on chain by <see cref="RecordPublisher"/>, with the query it stands for (which
/// stays with the provider) and how many records its result holds.</summary>
public sealed record PublishedPointer(string PointerId, string QueryCommitment, string DataHash, string Query, int RecordCount);
