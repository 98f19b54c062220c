using MedRec.Grains.Mirror;
using Microsoft.Extensions.DependencyInjection;

namespace MedRec.IntegrationTests;

/// <summary>
/// The silo's copy of relationship views (ADR 0005) that the gatekeepers decide on: once the indexer has been told a
/// grant or revoke is applied, the copy already shows it, without anyone calling the grain in between.
/// </summary>
public sealed class RelationshipViewCacheTests(MirrorFixture mirror) : IClassFixture<MirrorFixture>
{
    [Fact]
    public async Task The_copy_never_answers_a_view_the_grain_has_moved_past()
    {
        var patient = await mirror.NewAccountAsync();
        await patient.RegisterPatientAsync(ChainFixture.RandomBytes32());
        var viewer = await mirror.NewAccountAsync();
        await viewer.RegisterPatientAsync(ChainFixture.RandomBytes32());
        var provider = await mirror.NewAccountAsync();
        await mirror.Root.RegisterProviderAsync(provider.Address, ChainFixture.RandomBytes32(), "https://gatekeeper.example.org/fhir");
        var pointerId = ChainFixture.RandomBytes32();
        await provider.PublishPointerAsync(patient.Address, pointerId, ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32());
        await MirrorFixture.CatchUpAsync(mirror.NewIndexer());

        var views = mirror.Cluster.Silos[0].ServiceProvider.GetRequiredService<RelationshipViewCache>();
        var (p, v, prov) = (patient.Address.ToLowerInvariant(), viewer.Address.ToLowerInvariant(), provider.Address.ToLowerInvariant());
        var opened = await views.GetAsync(mirror.Grains, p, prov);
        Assert.Single(opened.Pointers);
        Assert.Empty(opened.Grants);
        Assert.Same(opened, await views.GetAsync(mirror.Grains, p, prov));

        await patient.GrantAccessAsync(provider.Address, pointerId, viewer.Address, DateTimeOffset.UtcNow.AddHours(1));
        await MirrorFixture.CatchUpAsync(mirror.NewIndexer());
        Assert.Equal([v], (await views.GetAsync(mirror.Grains, p, prov)).Grants.Select(g => g.Viewer));

        await patient.RevokeAccessAsync(provider.Address, pointerId, viewer.Address);
        await MirrorFixture.CatchUpAsync(mirror.NewIndexer());
        Assert.Empty((await views.GetAsync(mirror.Grains, p, prov)).Grants);

        // Any other spelling of the addresses is read from the grain, with the same answer.
        Assert.Empty((await views.GetAsync(mirror.Grains, patient.Address.ToUpperInvariant().Replace("0X", "0x"), prov)).Grants);
    }
}
