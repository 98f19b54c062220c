using MedRec.Grains.Abstractions.Analytics;

namespace MedRec.IntegrationTests.Alerts;

/// <summary>The alert job's state on PostgreSQL (ADO.NET grain storage) across a restart of the silo.</summary>
[Collection(AlertsCollection.Name)]
public sealed class AlertRestartTests(AlertsFixture world)
{
    [Fact]
    public async Task After_a_silo_restart_the_open_alert_is_updated_not_raised_again_and_no_list_holds_a_duplicate()
    {
        var patient = await world.NewPatientAsync();
        for (var i = 0; i < 4; i++) await world.PrescribeAsync(world.Providers[i], patient, AlertsFixture.Opioid(day: 2 * i));
        var raised = Assert.Single(await world.WaitForAlertsAsync(patient, a => a.Count > 0, "an alert over four providers"));
        for (var i = 0; i < 4; i++)
        {
            await world.WaitForProviderAlertsAsync(world.Providers[i], a => a.Any(x => x.AlertId == raised.AlertId), $"the alert in provider {i}'s list");
        }

        await world.RestartAsync();

        var restored = Assert.Single(await world.Grains.GetGrain<IPrescriptionMisuseGrain>(patient.Address).GetAlertsAsync());
        Assert.Equal((raised.AlertId, 1), (restored.AlertId, restored.Revision));
        Assert.Equal(4, await world.Grains.GetGrain<IPrescriptionMisuseGrain>(patient.Address).GetPrescriptionCountAsync());

        await world.PrescribeAsync(world.Providers[4], patient, AlertsFixture.Opioid(day: 30));
        var updated = Assert.Single(await world.WaitForAlertsAsync(patient, a => a.Count > 0 && a[0].Revision == 2, "the alert's second revision after the restart"));
        Assert.Equal(raised.AlertId, updated.AlertId);
        Assert.Equal(5, updated.PrescriptionCount);
        for (var i = 0; i < 5; i++)
        {
            var listed = await world.WaitForProviderAlertsAsync(world.Providers[i], a => a.Any(x => x.AlertId == raised.AlertId && x.Revision == 2),
                $"revision 2 in provider {i}'s list");
            Assert.Single(listed, a => a.Patient == patient.Address);
        }

        // Over HTTP as well, from the restarted host.
        var overHttp = await world.Api(world.Providers[0].Key).GetProviderAlertsAsync();
        Assert.Single(overHttp, a => a.Patient == patient.Address);
    }
}
