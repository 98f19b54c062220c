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
}
