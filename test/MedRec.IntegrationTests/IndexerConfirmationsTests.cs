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

    [Fact]
    public async Task A_revocation_bites_at_once_while_a_grant_waits_for_its_confirmations_and_a_reorged_revocation_is_undone_only_once_settled()
    {
        const int confirmations = 3;
        var provider = await mirror.NewAccountAsync();
        await mirror.Root.RegisterProviderAsync(provider.Address, ChainFixture.RandomBytes32(), "https://p.example");
        var patient = await mirror.NewAccountAsync();
        await patient.RegisterPatientAsync(ChainFixture.RandomBytes32());
        var family = await mirror.NewAccountAsync();
        await family.RegisterPatientAsync(ChainFixture.RandomBytes32());
        var caregiver = await mirror.NewAccountAsync();
        await caregiver.RegisterPatientAsync(ChainFixture.RandomBytes32());
        var pointer = ChainFixture.RandomBytes32();
        await provider.PublishPointerAsync(patient.Address, pointer, ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32());
        await patient.GrantAccessAsync(provider.Address, pointer, family.Address, DateTimeOffset.UtcNow.AddYears(1));
        for (var i = 0; i < confirmations; i++) await Mine();
        var indexer = mirror.NewIndexer(mirror.Options(confirmations: confirmations));
        await MirrorFixture.CatchUpAsync(indexer);
        var relationship = mirror.Grains.Relationship(patient.Address.ToLowerInvariant(), provider.Address.ToLowerInvariant());
        async Task<string[]> Viewers() => (await relationship.GetAsync()).Grants.Select(g => g.Viewer).Order().ToArray();
        Assert.Equal([family.Address.ToLowerInvariant()], await Viewers());

        // One block revokes the family member, the next grants the caregiver: neither has a confirmation yet.
        await patient.RevokeAccessAsync(provider.Address, pointer, family.Address);
        await patient.GrantAccessAsync(provider.Address, pointer, caregiver.Address, DateTimeOffset.UtcNow.AddYears(1));
        await MirrorFixture.CatchUpAsync(indexer);
        Assert.Empty(await Viewers()); // revoked at 0 confirmations; the grant still waits

        for (var i = 0; i < confirmations; i++) await Mine();
        await MirrorFixture.CatchUpAsync(indexer);
        Assert.Equal([caregiver.Address.ToLowerInvariant()], await Viewers());
        var report = await mirror.ReconcileAsync();
        Assert.True(report.Matches, string.Join("\n", report.Differences.Take(30)));

        // A revocation a reorg drops keeps biting until its height is confirmed without it, then it is undone.
        var snapshot = await mirror.Node.Web3.Client.SendRequestAsync<string>("evm_snapshot");
        await patient.RevokeAccessAsync(provider.Address, pointer, caregiver.Address);
        await MirrorFixture.CatchUpAsync(indexer);
        Assert.Empty(await Viewers());
        Assert.True(await mirror.Node.Web3.Client.SendRequestAsync<bool>("evm_revert", null, snapshot));
        await patient.ResetNonceAsync();
        await Mine(); // the revocation's height, now another block
        await MirrorFixture.CatchUpAsync(indexer);
        Assert.Empty(await Viewers()); // not settled yet: the safe side wins
        for (var i = 0; i < confirmations; i++) await Mine();
        await MirrorFixture.CatchUpAsync(indexer);
        Assert.Equal([caregiver.Address.ToLowerInvariant()], await Viewers());
        report = await mirror.ReconcileAsync();
        Assert.True(report.Matches, string.Join("\n", report.Differences.Take(30)));
        await MirrorAudit.AssertAppliedExactlyOnceAsync(mirror);
    }

    private Task Mine() => mirror.Node.Web3.Client.SendRequestAsync<object>("evm_mine");
}
