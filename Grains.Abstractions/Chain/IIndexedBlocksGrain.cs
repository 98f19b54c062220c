namespace MedRec.Grains.Abstractions.Chain;

/// <summary>
/// The events of recently indexed blocks, as one indexing step applied them: written once by the checkpoint grain,
/// which keeps only the blocks' numbers and hashes in its own state, read back when the checkpoint is loaded.
/// </summary>
[Alias("medrec.indexed-blocks-grain")]
public interface IIndexedBlocksGrain : IGrainWithStringKey
{
    Task<IReadOnlyList<IndexedBlock>> GetAsync();
    Task SaveAsync(IReadOnlyList<IndexedBlock> blocks);

    /// <summary>Deletes the stored blocks (none of them is recent any more).</summary>
    Task ClearAsync();
}
