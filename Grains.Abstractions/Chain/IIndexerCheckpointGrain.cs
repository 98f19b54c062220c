namespace MedRec.Grains.Abstractions.Chain;

/// <summary>The indexer's durable checkpoint, one per deployment (keyed by the Registrar's address).</summary>
[Alias("medrec.indexer-checkpoint-grain")]
public interface IIndexerCheckpointGrain : IGrainWithStringKey
{
    Task<IndexerCheckpoint?> GetAsync();
    Task SaveAsync(IndexerCheckpoint checkpoint);
}
