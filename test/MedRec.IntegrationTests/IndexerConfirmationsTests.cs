using MedRec.Grains.Abstractions.Mirror;

namespace MedRec.IntegrationTests;

/// <summary>With confirmations, a block is applied only once that many blocks are mined on top of it.</summary>
public sealed class IndexerConfirmationsTests(MirrorFixture mirror) : IClassFixture<MirrorFixture>
{
    [Fact]
    public async Task A_pointer_reaches_the_mirror_only_after_the_configured_confirmations()
    {
        const int confirmations = 3;
        var provider = await mirror.NewAccountAsync();
        await mirror.Root.RegisterProviderAsync(provider.Address, ChainFixture.RandomBytes32(), "https://p.example");
        var patient = await mirror.NewAccountAsync();
        await patient.RegisterPatientAsync(ChainFixture.RandomBytes32());
        for (var i = 0; i < confirmations; i++) await Mine();
        var indexer = mirror.NewIndexer(mirror.Options(confirmations: confirmations));
        await MirrorFixture.CatchUpAsync(indexer);

        var pointer = ChainFixture.RandomBytes32();
        await provider.PublishPointerAsync(patient.Address, pointer, ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32());
        var relationship = mirror.Grains.Relationship(patient.Address.ToLowerInvariant(), provider.Address.ToLowerInvariant());
        for (var mined = 0; mined < confirmations; mined++)
        {
            await MirrorFixture.CatchUpAsync(indexer);
            Assert.True((await relationship.GetAsync()).Pointers.Count == 0, $"the pointer was applied with {mined} of {confirmations} confirmations");
            await Mine();
        }

        await MirrorFixture.CatchUpAsync(indexer);
        Assert.Equal("0x" + Convert.ToHexStringLower(pointer), Assert.Single((await relationship.GetAsync()).Pointers).PointerId);
    }

    private Task Mine() => mirror.Node.Web3.Client.SendRequestAsync<object>("evm_mine");
}
