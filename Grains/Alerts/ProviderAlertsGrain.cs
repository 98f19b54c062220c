using MedRec.Grains.Abstractions.Analytics;
using MedRec.Grains.Access;
using Orleans.Runtime;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace MedRec.Grains.Alerts;

/// <summary>One provider's alert list, fed by its alert stream: the highest revision of each alert that names this
/// provider; an alert revised to no longer name it is dropped. A revision not above the one held is a redelivery.</summary>
[ImplicitStreamSubscription(AnalyticsStreams.Namespaces.PrescriptionMisuseAlerts)]
public sealed class ProviderAlertsGrain(
    [PersistentState("provider-alerts", AccessStorage.Name)] IPersistentState<ProviderAlertsState> state)
    : Grain, IProviderAlertsGrain, IStreamSubscriptionObserver
{
    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        var handle = handleFactory.Create<PrescriptionMisuseAlert>();
        await handle.ResumeAsync((alert, _) => ApplyAsync(alert));
    }

    public Task<IReadOnlyList<PrescriptionMisuseAlert>> GetAlertsAsync() => Task.FromResult<IReadOnlyList<PrescriptionMisuseAlert>>(
        state.State.Alerts.Values.OrderByDescending(a => a.RaisedAt).ThenBy(a => a.AlertId, StringComparer.Ordinal).ToList());

    private async Task ApplyAsync(PrescriptionMisuseAlert alert)
    {
        var alerts = state.State.Alerts;
        if (alerts.TryGetValue(alert.AlertId, out var held) && held.Revision >= alert.Revision) return;
        var provider = this.GetPrimaryKeyString();
        if (alert.Providers.Contains(provider, StringComparer.OrdinalIgnoreCase)) alerts[alert.AlertId] = alert;
        else if (!alerts.Remove(alert.AlertId)) return;
        await state.WriteStateAsync();
    }
}

[GenerateSerializer, Alias("medrec.provider-alerts-state")]
public sealed class ProviderAlertsState
{
    [Id(0)] public Dictionary<string, PrescriptionMisuseAlert> Alerts { get; set; } = [];
}
