using System.Net;
using System.Text.Json;
using MedRec.Grains.Abstractions.Analytics;
using MedRec.Grains.Abstractions.Chain;
using Orleans.Runtime;

namespace MedRec.IntegrationTests.Alerts;

/// <summary>Scripted prescriptions across five providers, published on a real chain and read back from the providers'
/// own PostgreSQL stores by the medication analytics; the alert job's answers through grains and over HTTP.</summary>
[Collection(AlertsCollection.Name)]
public sealed class PrescriptionMisuseAlertTests(AlertsFixture world)
{
    private AlertsProvider P(int i) => world.Providers[i];

    [Fact]
    public async Task Opioids_from_four_providers_within_90_days_raise_one_alert_that_a_fifth_prescription_updates()
    {
        var patient = await world.NewPatientAsync();
        for (var i = 0; i < 3; i++) await world.PrescribeAsync(P(i), patient, AlertsFixture.Opioid(day: i * 10));
        await world.WaitForPrescriptionsAsync(patient, 3);
        Assert.Empty(await world.Grains.GetGrain<IPrescriptionMisuseGrain>(patient.Address).GetAlertsAsync());

        await world.PrescribeAsync(P(3), patient, AlertsFixture.Opioid(day: 40, code: "5489"));
        var raised = Assert.Single(await world.WaitForAlertsAsync(patient, a => a.Count > 0, "an alert after the fourth provider"));
        Assert.Equal(AlertStatus.Open, raised.Status);
        Assert.Equal(1, raised.Revision);
        Assert.Equal(Enumerable.Range(0, 4).Select(i => P(i).Address).Order(StringComparer.Ordinal), raised.Providers);
        Assert.Equal(4, raised.PrescriptionCount);
        Assert.Equal(AlertsFixture.Day0, raised.FirstPrescribedOn);
        Assert.Equal(AlertsFixture.Day0.AddDays(40), raised.LastPrescribedOn);
        for (var i = 0; i < 4; i++)
        {
            var listed = await world.WaitForProviderAlertsAsync(P(i), a => a.Any(x => x.AlertId == raised.AlertId), $"the alert in provider {i}'s list");
            Assert.Single(listed, a => a.Patient == patient.Address);
        }

        // A later prescription inside the open episode updates the alert: same id, a new revision, the new provider in.
        await world.PrescribeAsync(P(4), patient, AlertsFixture.Opioid(day: 70, code: "4337"));
        var updated = Assert.Single(await world.WaitForAlertsAsync(patient, a => a.Count > 0 && a[0].Revision == 2, "the alert's second revision"));
        Assert.Equal(raised.AlertId, updated.AlertId);
        Assert.Equal(5, updated.ProviderCount);
        Assert.Equal(5, updated.PrescriptionCount);
        var fifth = await world.WaitForProviderAlertsAsync(P(4), a => a.Any(x => x.AlertId == raised.AlertId), "the alert in the fifth provider's list");
        Assert.Equal(2, fifth.Single(a => a.AlertId == raised.AlertId).Revision);
        var first = await world.WaitForProviderAlertsAsync(P(0), a => a.Any(x => x.AlertId == raised.AlertId && x.Revision == 2), "revision 2 in provider 0's list");
        Assert.Single(first, a => a.Patient == patient.Address);
    }

    [Fact]
    public async Task Three_providers_in_the_window_and_non_opioid_prescriptions_raise_no_alert()
    {
        var patient = await world.NewPatientAsync();
        // Each slice holds a non-opioid too: once its opioid is counted the slice was read and the other filtered out.
        for (var i = 0; i < 3; i++) await world.PrescribeAsync(P(i), patient, AlertsFixture.NonOpioid(day: i), AlertsFixture.Opioid(day: i + 1));
        await world.PrescribeAsync(P(3), patient, AlertsFixture.NonOpioid(day: 5), AlertsFixture.NonOpioid(day: 6), AlertsFixture.Opioid(day: -200));
        await world.PrescribeAsync(P(4), patient, AlertsFixture.NonOpioid(day: 3), AlertsFixture.Opioid(day: -400));

        Assert.Equal(5, await world.WaitForPrescriptionsAsync(patient, 5));
        Assert.Empty(await world.Grains.GetGrain<IPrescriptionMisuseGrain>(patient.Address).GetAlertsAsync());
        var emitted = 0;
        for (var i = 0; i < 5; i++)
        {
            emitted += (await world.Grains.GetGrain<IMedicationRequestAnalyticsGrain>(ChainStreams.RelationshipKey(patient.Address, P(i).Address)).GetCountersAsync()).Emitted;
        }

        Assert.Equal(5, emitted);
    }

    [Fact]
    public async Task Only_the_involved_providers_list_an_alert_and_anyone_else_gets_403()
    {
        var patient = await world.NewPatientAsync();
        for (var i = 0; i < 4; i++) await world.PrescribeAsync(P(i), patient, AlertsFixture.Opioid(day: i));
        var alert = Assert.Single(await world.WaitForAlertsAsync(patient, a => a.Count > 0, "an alert over four providers"));
        await world.WaitForProviderAlertsAsync(P(3), a => a.Any(x => x.AlertId == alert.AlertId), "the alert in provider 3's list");

        for (var i = 0; i < 4; i++)
        {
            var listed = await world.Api(P(i).Key).GetProviderAlertsAsync();
            var mine = Assert.Single(listed, a => a.AlertId == alert.AlertId);
            Assert.Equal(patient.Address, mine.Patient);
        }

        // The uninvolved provider's own list does not hold it.
        Assert.DoesNotContain(await world.Api(P(4).Key).GetProviderAlertsAsync(), a => a.AlertId == alert.AlertId);

        // Another provider, and the patient, signing for provider 0's route: 403 wrong-signer.
        foreach (var key in new[] { P(4).Key, Nethereum.Signer.EthECKey.GenerateKey() })
        {
            using var response = await world.Api(key).SendRawAsync(HttpMethod.Get, $"api/providers/{P(0).Address}/alerts", null);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            Assert.Equal("wrong-signer", problem.RootElement.GetProperty("code").GetString());
        }

        // Unsigned: 401.
        using var unsigned = await world.Api(P(0).Key).SendRawAsync(HttpMethod.Get, $"api/providers/{P(0).Address}/alerts", null, sign: false);
        Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);

        // The alert names no drug: the medication codes never leave the alert job.
        var json = JsonSerializer.Serialize(alert);
        Assert.DoesNotContain("7804", json, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Redelivered_events_change_nothing_and_an_undo_withdraws_an_alert_that_falls_below_the_threshold()
    {
        var patient = await world.NewPatientAsync();
        for (var i = 0; i < 3; i++) await world.PrescribeAsync(P(i), patient, AlertsFixture.Opioid(day: i));
        await world.WaitForPrescriptionsAsync(patient, 3);
        var job = world.Grains.GetGrain<IPrescriptionMisuseGrain>(patient.Address);
        var stream = world.ClusterClient.GetStreamProvider(AnalyticsStreams.ProviderName)
            .GetStream<MedicationRequested>(StreamId.Create(AnalyticsStreams.Namespaces.MedicationRequested, patient.Address));

        // A fourth provider's prescription as the analytics would publish it (block hash A), then redelivered, then
        // re-published under another block's event id (the same prescription: provider + record id), counted once.
        var inBlockA = new ChainEventId(7, "0x" + new string('a', 64), 3, "0x" + new string('b', 64));
        var inBlockC = inBlockA with { BlockHash = "0x" + new string('c', 64) };
        var fourth = new MedicationRequested(patient.Address, P(3).Address, "0x" + new string('d', 64), "scripted-1",
            MedRec.Grains.Alerts.PrescriptionAlertOptions.RxNorm, "7804", AlertsFixture.Day0.AddDays(5), inBlockA);
        await stream.OnNextAsync(fourth);
        var raised = Assert.Single(await world.WaitForAlertsAsync(patient, a => a.Count > 0, "an alert after the fourth provider"));
        await stream.OnNextAsync(fourth);
        await stream.OnNextAsync(fourth with { ChainEvent = inBlockC });

        // An undo of another block's event takes nothing back (its prescription came from block A) ...
        await stream.OnNextAsync(fourth with { ChainEvent = inBlockC, IsUndo = true });
        // ... and a sentinel after all of these shows they were handled: the stream is in order.
        var sentinel = fourth with { Provider = P(4).Address, RecordId = "sentinel", AuthoredOn = AlertsFixture.Day0.AddDays(-1000) };
        await stream.OnNextAsync(sentinel);
        await world.WaitForPrescriptionsAsync(patient, 5);
        Assert.Equal(5, await job.GetPrescriptionCountAsync());
        var same = Assert.Single(await job.GetAlertsAsync());
        Assert.Equal((raised.AlertId, 1, AlertStatus.Open), (same.AlertId, same.Revision, same.Status));

        // The undo of block A (a reorg dropped it): three providers remain, the alert is withdrawn, and the providers hear.
        await stream.OnNextAsync(fourth with { IsUndo = true });
        var withdrawn = Assert.Single(await world.WaitForAlertsAsync(patient, a => a.Count == 1 && a[0].Status == AlertStatus.Withdrawn, "the alert withdrawn"));
        Assert.Equal((raised.AlertId, 2), (withdrawn.AlertId, withdrawn.Revision));
        Assert.Equal(4, await job.GetPrescriptionCountAsync());
        await world.WaitForProviderAlertsAsync(P(0), a => a.Any(x => x.AlertId == raised.AlertId && x.Status == AlertStatus.Withdrawn), "the withdrawal in provider 0's list");
    }
}
