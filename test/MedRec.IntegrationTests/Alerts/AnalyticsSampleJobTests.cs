using System.Collections.Concurrent;
using MedRec.Analytics.Sample;
using MedRec.Grains.Abstractions.Analytics;

namespace MedRec.IntegrationTests.Alerts;

/// <summary>The sample outside job (Analytics/) as an Orleans client of the real silo, found through the cluster's
/// ADO.NET membership table, subscribed before the prescriptions are published.</summary>
[Collection(AlertsCollection.Name)]
public sealed class AnalyticsSampleJobTests(AlertsFixture world)
{
    [Fact]
    public async Task The_sample_job_sees_each_medication_request_and_the_alert_on_every_involved_providers_stream()
    {
        var patient = await world.NewPatientAsync();
        using var host = await AnalyticsClient.ConnectAsync(new Dictionary<string, string?>
        {
            ["Orleans:ClusterId"] = world.Settings["Orleans:ClusterId"],
            ["Orleans:ServiceId"] = world.Settings["Orleans:ServiceId"],
            ["MedRec:Storage:Provider"] = "PostgreSql",
            ["MedRec:Storage:ConnectionString"] = world.ClusterConnectionString,
        }, gatewayPort: 0, CancellationToken.None);
        var job = new AnalyticsSubscriptions(host.Client());
        var received = new ConcurrentQueue<MedicationRequested>();
        var alerts = new ConcurrentQueue<(string Provider, PrescriptionMisuseAlert Alert)>();
        job.MedicationRequested += received.Enqueue;
        job.Alert += (provider, alert) => alerts.Enqueue((provider, alert));
        await job.FollowPatientAsync(patient.Address);
        foreach (var provider in world.Providers) await job.ServeProviderAsync(provider.Address);

        for (var i = 0; i < 4; i++)
        {
            await world.PrescribeAsync(world.Providers[i], patient, AlertsFixture.NonOpioid(day: i), AlertsFixture.Opioid(day: i, code: i % 2 == 0 ? "7804" : "10689"));
        }

        await AlertsFixture.PollAsync(() => Task.FromResult(alerts.Count(a => a.Alert.Patient == patient.Address)), c => c >= 4,
            "the alert on the streams of the four involved providers");
        await AlertsFixture.PollAsync(() => Task.FromResult(job.PrescriptionCount(patient.Address)), c => c >= 4, "four medication-requested events");
        Assert.Equal(4, job.PrescriptionCount(patient.Address));
        Assert.All(received, e => Assert.Contains(e.Code, new[] { "7804", "10689" }));
        Assert.Equal(4, received.Select(e => e.Provider).Distinct().Count());
        var mine = alerts.Where(a => a.Alert.Patient == patient.Address).ToList();
        Assert.Equal(world.Providers.Take(4).Select(p => p.Address).Order(), mine.Select(a => a.Provider).Order());
        Assert.Single(mine.Select(a => a.Alert.AlertId).Distinct());
        Assert.DoesNotContain(mine, a => a.Provider == world.Providers[4].Address);
        await job.UnsubscribeAllAsync();
        await host.StopAsync();
    }
}
