using System.Collections.Concurrent;
using MedRec.Grains.Abstractions.Analytics;
using Orleans.Runtime;
using Orleans.Streams;

namespace MedRec.Analytics.Sample;

/// <summary>
/// What an analytics job does with the public streams: explicit subscriptions (a client has no implicit ones) to the
/// medication-requested stream of each patient it follows and the alert stream of each provider it serves. Delivery is
/// at least once: prescriptions are counted once per (provider, record id) and taken back on undo; an alert is kept at
/// its highest revision.
/// </summary>
public sealed class AnalyticsSubscriptions(IClusterClient client)
{
    private readonly IStreamProvider _streams = client.GetStreamProvider(AnalyticsStreams.ProviderName);
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, MedicationRequested>> _prescriptions = new();
    private readonly ConcurrentDictionary<string, PrescriptionMisuseAlert> _alerts = new();
    private readonly List<StreamSubscriptionHandle<MedicationRequested>> _patientHandles = [];
    private readonly List<StreamSubscriptionHandle<PrescriptionMisuseAlert>> _alertHandles = [];

    /// <summary>Every medication-requested event as received (undo included).</summary>
    public event Action<MedicationRequested>? MedicationRequested;

    /// <summary>Every alert revision that is new to this job.</summary>
    public event Action<string, PrescriptionMisuseAlert>? Alert;

    /// <summary>Prescriptions in the value set held for a patient (distinct, undos applied).</summary>
    public int PrescriptionCount(string patient) => _prescriptions.TryGetValue(patient.ToLowerInvariant(), out var held) ? held.Count : 0;

    public IReadOnlyCollection<PrescriptionMisuseAlert> Alerts => _alerts.Values.ToList();

    public async Task FollowPatientAsync(string patient)
    {
        var key = patient.ToLowerInvariant();
        var stream = _streams.GetStream<MedicationRequested>(StreamId.Create(AnalyticsStreams.Namespaces.MedicationRequested, key));
        _patientHandles.Add(await stream.SubscribeAsync((item, token) =>
        {
            var held = _prescriptions.GetOrAdd(item.Patient, _ => new ConcurrentDictionary<string, MedicationRequested>());
            if (item.IsUndo)
            {
                if (held.TryGetValue(item.PrescriptionKey, out var known) && known.ChainEvent.Key == item.ChainEvent.Key) held.TryRemove(item.PrescriptionKey, out _);
            }
            else
            {
                held.TryAdd(item.PrescriptionKey, item);
            }

            MedicationRequested?.Invoke(item);
            return Task.CompletedTask;
        }));
    }

    public async Task ServeProviderAsync(string provider)
    {
        var key = provider.ToLowerInvariant();
        var stream = _streams.GetStream<PrescriptionMisuseAlert>(StreamId.Create(AnalyticsStreams.Namespaces.PrescriptionMisuseAlerts, key));
        _alertHandles.Add(await stream.SubscribeAsync((alert, token) =>
        {
            var newer = false;
            _alerts.AddOrUpdate($"{key}|{alert.AlertId}", _ => { newer = true; return alert; },
                (_, held) => { newer = alert.Revision > held.Revision; return newer ? alert : held; });
            if (newer) Alert?.Invoke(key, alert);
            return Task.CompletedTask;
        }));
    }

    public async Task UnsubscribeAllAsync()
    {
        foreach (var handle in _patientHandles) await handle.UnsubscribeAsync();
        foreach (var handle in _alertHandles) await handle.UnsubscribeAsync();
        _patientHandles.Clear();
        _alertHandles.Clear();
    }
}
