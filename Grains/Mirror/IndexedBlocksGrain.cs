using MedRec.Grains.Abstractions.Chain;
using Orleans.Runtime;

namespace MedRec.Grains.Mirror;

public sealed class IndexedBlocksGrain(
    [PersistentState("indexed-blocks", MirrorStorage.Name)] IPersistentState<IndexedBlocksGrain.State> state)
    : Grain, IIndexedBlocksGrain
{
    public Task<IReadOnlyList<IndexedBlock>> GetAsync() => Task.FromResult<IReadOnlyList<IndexedBlock>>(state.State.Blocks);

    public async Task SaveAsync(IReadOnlyList<IndexedBlock> blocks)
    {
        state.State.Blocks = blocks.ToList();
        await state.WriteStateAsync();
    }

    public async Task ClearAsync()
    {
        await state.ClearStateAsync();
        DeactivateOnIdle();
    }

    [GenerateSerializer, Alias("medrec.indexed-blocks-state")]
    public sealed class State
    {
        [Id(0)] public List<IndexedBlock> Blocks { get; set; } = [];
    }
}
