using MedRec.Grains.Abstractions.Chain;
using Orleans.Runtime;

namespace MedRec.Grains.Mirror;

public sealed class IndexerCheckpointGrain(
    [PersistentState("indexer-checkpoint", MirrorStorage.Name)] IPersistentState<IndexerCheckpointGrain.State> state)
    : Grain, IIndexerCheckpointGrain
{
    public Task<IndexerCheckpoint?> GetAsync() => Task.FromResult(state.State.Checkpoint);

    public async Task SaveAsync(IndexerCheckpoint checkpoint)
    {
        state.State.Checkpoint = checkpoint;
        await state.WriteStateAsync();
    }

    [GenerateSerializer, Alias("medrec.indexer-checkpoint-state")]
    public sealed class State
    {
        [Id(0)] public IndexerCheckpoint? Checkpoint { get; set; }
    }
}
