using MedRec.Grains.Abstractions.Chain;

namespace MedRec.IntegrationTests;

public sealed class IndexerCheckpointTests(MirrorFixture mirror) : IClassFixture<MirrorFixture>
{
    [Fact]
    public async Task A_checkpoint_comes_back_from_storage_with_the_events_of_exactly_its_recent_blocks()
    {
        var key = $"checkpoint-test-{Guid.NewGuid():N}";
        var grain = mirror.Grains.GetGrain<IIndexerCheckpointGrain>(key);
        var (one, two, three, four) = (Block(1, events: 2), Block(2, events: 0), Block(3, events: 1), Block(4, events: 3));

        await grain.SaveAsync(new IndexerCheckpoint(3, [one, two], EventsApplied: 2));
        await grain.SaveAsync(new IndexerCheckpoint(4, [one, two, three], EventsApplied: 3));
        await grain.SaveAsync(new IndexerCheckpoint(5, [two, three, four], EventsApplied: 6)); // block 1 left the window
        await grain.SaveAsync(new IndexerCheckpoint(4, [two, three], EventsApplied: 3, Reorgs: 1));   // block 4 undone
        await mirror.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var loaded = await mirror.Grains.GetGrain<IIndexerCheckpointGrain>(key).GetAsync();
        Assert.NotNull(loaded);
        Assert.Equal((4ul, 3L, 1L), (loaded.NextBlock, loaded.EventsApplied, loaded.Reorgs));
        Assert.Equal([2ul, 3ul], loaded.Recent.Select(b => b.Number));
        Assert.Equal(two.Hash, loaded.Recent[0].Hash);
        Assert.Empty(loaded.Recent[0].Events);
        Assert.Equal(three.Events.Select(e => e.Id.Key), loaded.Recent[1].Events.Select(e => e.Id.Key));
        Assert.Equal(three.Events.Select(e => e.Event), loaded.Recent[1].Events.Select(e => e.Event));
    }

    private static IndexedBlock Block(ulong number, int events)
    {
        var hash = Hex(ChainFixture.RandomBytes32());
        var patient = Hex(ChainFixture.RandomBytes32()[..20]);
        return new IndexedBlock(number, hash, Enumerable.Range(0, events).Select(i => new ChainEventEnvelope(
            new ChainEventId(number, hash, i, Hex(ChainFixture.RandomBytes32())),
            new PatientRegistered(patient, Hex(ChainFixture.RandomBytes32())))).ToList());
    }

    private static string Hex(byte[] bytes) => "0x" + Convert.ToHexStringLower(bytes);
}
