using MedRec.Grains.Abstractions.Chain;
using Orleans.Runtime;

namespace MedRec.Grains.Mirror;

/// <summary>
/// The indexer's checkpoint. Its own state holds the checkpoint without the events of the recent blocks; those are
/// written once, one <see cref="IIndexedBlocksGrain"/> per save that brings new blocks, so a save costs what the step
/// added, not the whole reorg window (at 100 events a block, 256 blocks are ~25,000 events and ~11 MB).
/// </summary>
public sealed class IndexerCheckpointGrain(
    [PersistentState("indexer-checkpoint", MirrorStorage.Name)] IPersistentState<IndexerCheckpointGrain.State> state)
    : Grain, IIndexerCheckpointGrain
{
    private IndexerCheckpoint? _checkpoint;

    public async Task<IndexerCheckpoint?> GetAsync() => _checkpoint ??= await LoadAsync();

    public async Task SaveAsync(IndexerCheckpoint checkpoint)
    {
        var stored = state.State.Segments;
        var segments = new Dictionary<string, string>();
        var added = new List<IndexedBlock>();
        foreach (var block in checkpoint.Recent.Where(b => b.Events.Count > 0))
        {
            if (stored.TryGetValue(BlockId(block), out var segment)) segments[BlockId(block)] = segment;
            else added.Add(block);
        }

        if (added.Count > 0)
        {
            var segment = $"{this.GetPrimaryKeyString()}:{added[0].Number}:{added[0].Hash}";
            await GrainFactory.GetGrain<IIndexedBlocksGrain>(segment).SaveAsync(added);
            foreach (var block in added) segments[BlockId(block)] = segment;
        }

        var unused = stored.Values.Except(segments.Values).ToHashSet();
        state.State.Checkpoint = checkpoint with
        {
            Recent = checkpoint.Recent.Select(b => b.Events.Count == 0 ? b : b with { Events = [] }).ToList(),
        };
        state.State.Segments = segments;
        await state.WriteStateAsync();
        _checkpoint = checkpoint;

        // Only once the checkpoint no longer names them.
        foreach (var segment in unused) await GrainFactory.GetGrain<IIndexedBlocksGrain>(segment).ClearAsync();
    }

    private async Task<IndexerCheckpoint?> LoadAsync()
    {
        if (state.State.Checkpoint is not { } checkpoint) return null;
        var segmentBlocks = new Dictionary<string, IndexedBlock>();
        foreach (var segment in state.State.Segments.Values.Distinct())
        {
            foreach (var block in await GrainFactory.GetGrain<IIndexedBlocksGrain>(segment).GetAsync()) segmentBlocks[BlockId(block)] = block;
        }

        return checkpoint with
        {
            Recent = checkpoint.Recent.Select(block =>
            {
                if (!state.State.Segments.ContainsKey(BlockId(block))) return block; // no events (or stored inline by an older version)
                return segmentBlocks.TryGetValue(BlockId(block), out var full)
                    ? full
                    : throw new InvalidOperationException($"The events of indexed block {block.Number} ({block.Hash}) are missing from storage.");
            }).ToList(),
        };
    }

    private static string BlockId(IndexedBlock block) => $"{block.Number}:{block.Hash}";

    [GenerateSerializer, Alias("medrec.indexer-checkpoint-state")]
    public sealed class State
    {
        /// <summary>The checkpoint; the blocks named in <see cref="Segments"/> are stored without their events.</summary>
        [Id(0)] public IndexerCheckpoint? Checkpoint { get; set; }

        /// <summary>Recent block ("number:hash") -> the <see cref="IIndexedBlocksGrain"/> holding its events.</summary>
        [Id(1)] public Dictionary<string, string> Segments { get; set; } = [];
    }
}
