using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Chain;
using MedRec.Grains.Abstractions.Mirror;

namespace MedRec.IntegrationTests;

public sealed class MirrorEqualsChainTests(MirrorFixture mirror) : IClassFixture<MirrorFixture>
{
    [Fact]
    public async Task After_thousands_of_random_operations_reconciliation_finds_no_difference()
    {
        var script = new ChainScript(mirror, seed: 7);
        await script.RunAsync(operations: 2_000);
        var succeeded = await script.CountSucceededAsync();
        Assert.True(succeeded >= script.Sent * 0.8, $"only {succeeded} of {script.Sent} scripted transactions succeeded");

        var metrics = MirrorFixture.NewMetrics();
        var indexer = mirror.NewIndexer(mirror.Options(batch: 500), metrics: metrics);
        await MirrorFixture.CatchUpAsync(indexer);
        var head = (long)(await mirror.Node.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
        Assert.Equal(head, metrics.Head);
        Assert.Equal(head, metrics.CurrentBlock);
        Assert.Equal(indexer.Checkpoint!.EventsApplied, metrics.Events);
        Assert.True(metrics.Events > script.Sent, $"{metrics.Events} events from {script.Sent} transactions");

        var report = await mirror.ReconcileAsync();
        Assert.True(report.Matches, $"{report.Differences.Count} differences:\n" + string.Join("\n", report.Differences.Take(50)));
        Assert.True(report.Patients >= 10 && report.Relationships >= 20 && report.Pointers >= 500 && report.Grants >= 50,
            $"the script exercised too little: {report}");
        await MirrorAudit.AssertAppliedExactlyOnceAsync(mirror);
    }

    [Fact]
    public async Task Reconciliation_reports_a_mirror_that_missed_events()
    {
        // Operations the indexer has not seen yet are differences until it catches up.
        var patient = await mirror.NewAccountAsync();
        await patient.RegisterPatientAsync(ChainFixture.RandomBytes32());
        await patient.SetResearchConsentAsync(true);
        var researcher = await mirror.NewAccountAsync();
        var validator = await mirror.NewAccountAsync();
        await mirror.Root.RegisterResearcherAsync(researcher.Address, ChainFixture.RandomBytes32(), validator.Address);

        var before = await mirror.ReconcileAsync();
        Assert.Contains(before.Differences, d => d.Contains(patient.Address.ToLowerInvariant()) && d.Contains("registered"));
        Assert.Contains(before.Differences, d => d.Contains($"researcher {researcher.Address.ToLowerInvariant()} validator"));

        await MirrorFixture.CatchUpAsync(mirror.NewIndexer());
        var after = await mirror.ReconcileAsync();
        Assert.True(after.Matches, string.Join("\n", after.Differences));
        var view = await mirror.Grains.GetGrain<IPatientGrain>(patient.Address.ToLowerInvariant()).GetAsync();
        Assert.True(view.Registered);
        Assert.True(view.ResearchConsent);
        Assert.True(after.Researchers >= 1, $"reconciliation looked at no researcher: {after}");
        var researcherView = await mirror.Grains.GetGrain<MedRec.Grains.Abstractions.Research.IResearcherGrain>(researcher.Address.ToLowerInvariant()).GetAsync();
        Assert.Equal((true, validator.Address.ToLowerInvariant()), (researcherView.Registered, researcherView.Validator));
    }

    [Fact]
    public async Task Reconciliation_reports_a_grant_whose_purposes_the_mirror_has_not_seen_replaced()
    {
        var patient = await mirror.NewAccountAsync();
        await patient.RegisterPatientAsync(ChainFixture.RandomBytes32());
        var viewer = await mirror.NewAccountAsync();
        await viewer.RegisterPatientAsync(ChainFixture.RandomBytes32());
        var provider = await mirror.NewAccountAsync();
        await mirror.Root.RegisterProviderAsync(provider.Address, ChainFixture.RandomBytes32(), "https://provider.example/fhir");
        var pointerId = ChainFixture.RandomBytes32();
        await provider.PublishPointerAsync(patient.Address, pointerId, ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32());
        var expiresAt = DateTimeOffset.UtcNow.AddYears(2);
        await patient.GrantAccessAsync(provider.Address, pointerId, viewer.Address, expiresAt, PurposeSet.All);
        await MirrorFixture.CatchUpAsync(mirror.NewIndexer());

        // The same expiry, fewer purposes: only the purposes differ until the indexer sees the new grant.
        await patient.GrantAccessAsync(provider.Address, pointerId, viewer.Address, expiresAt, PurposeSet.Payment);
        var before = await mirror.ReconcileAsync();
        var grant = $"grant of 0x{Convert.ToHexStringLower(pointerId)} to {viewer.Address.ToLowerInvariant()}";
        Assert.Contains(before.Differences, d => d.Contains(grant) && d.Contains("purposes"));
        Assert.DoesNotContain(before.Differences, d => d.Contains(grant) && d.Contains("expiry"));

        await MirrorFixture.CatchUpAsync(mirror.NewIndexer());
        var after = await mirror.ReconcileAsync();
        Assert.True(after.Matches, string.Join("\n", after.Differences));
        var view = await mirror.Grains.Relationship(patient.Address.ToLowerInvariant(), provider.Address.ToLowerInvariant()).GetAsync();
        Assert.Equal(PurposeSet.Payment, Assert.Single(view.Grants).Purposes);
    }
}
