using System.Security.Cryptography;
using System.Text;
using MedRec.Grains.Abstractions.Analytics;
using MedRec.Grains.Access;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace MedRec.Grains.Alerts;

/// <summary>
/// The alert job, one grain per patient: keeps the patient's prescriptions in the value set (deduplicated by
/// provider + record id, so redelivery and re-published slices count once; an undo removes what its chain event
/// added), finds the episodes (<see cref="PrescriptionEpisodes"/>) after each change and matches them to the alerts it
/// raised before: an episode sharing a prescription with an alert is that alert (a new revision when it changed),
/// any other episode is a new alert, an alert no episode matches any more is withdrawn. State is written before an
/// alert is published; each alert remembers the revision delivered, and an activation publishes what was not, so a
/// crash between the two delivers late rather than never (receivers keep the highest revision: no duplicates).
/// </summary>
[ImplicitStreamSubscription(AnalyticsStreams.Namespaces.MedicationRequested)]
public sealed class PrescriptionMisuseGrain(
    [PersistentState("prescription-misuse", AccessStorage.Name)] IPersistentState<PrescriptionMisuseState> state,
    IOptions<PrescriptionAlertOptions> options, TimeProvider time)
    : Grain, IPrescriptionMisuseGrain, IStreamSubscriptionObserver
{
    private readonly PrescriptionAlertOptions _options = options.Value;

    private string Patient => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var undelivered = state.State.Alerts.Where(a => a.DeliveredRevision < a.Alert.Revision).ToList();
        if (undelivered.Count > 0) await DeliverAsync(undelivered);
    }

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        var handle = handleFactory.Create<MedicationRequested>();
        await handle.ResumeAsync((item, _) => ApplyAsync(item));
    }

    public Task<IReadOnlyList<PrescriptionMisuseAlert>> GetAlertsAsync() =>
        Task.FromResult<IReadOnlyList<PrescriptionMisuseAlert>>(state.State.Alerts.Select(a => a.Alert).ToList());

    public Task<int> GetPrescriptionCountAsync() => Task.FromResult(state.State.Prescriptions.Count);

    private async Task ApplyAsync(MedicationRequested item)
    {
        var prescriptions = state.State.Prescriptions;
        var key = item.PrescriptionKey;
        if (item.IsUndo)
        {
            if (!prescriptions.TryGetValue(key, out var held) || held.ChainEventKey != item.ChainEvent.Key) return;
            prescriptions.Remove(key);
        }
        else
        {
            if (prescriptions.ContainsKey(key))
            {
                state.State.Duplicates++;
                return;
            }

            prescriptions[key] = new AlertPrescription(key, item.Provider, item.AuthoredOn, item.ChainEvent.Key);
        }

        var changed = Reconcile();
        await state.WriteStateAsync();
        if (changed.Count > 0) await DeliverAsync(changed);
    }

    /// <summary>Brings the stored alerts in line with the episodes; answers the alerts that got a new revision.</summary>
    private List<HeldAlert> Reconcile()
    {
        var s = state.State;
        var episodes = PrescriptionEpisodes.Find(s.Prescriptions.Values, _options.ProviderThreshold, _options.WindowDays);
        var now = time.GetUtcNow();
        var matched = new HashSet<HeldAlert>();
        var changed = new List<HeldAlert>();
        foreach (var episode in episodes)
        {
            var keys = episode.PrescriptionKeys.ToHashSet(StringComparer.Ordinal);
            var held = s.Alerts.FirstOrDefault(a => !matched.Contains(a) && a.PrescriptionKeys.Overlaps(keys));
            if (held is null)
            {
                held = new HeldAlert
                {
                    Alert = new PrescriptionMisuseAlert(AlertId(episode.PrescriptionKeys[0]), Patient, episode.Providers,
                        keys.Count, episode.First, episode.Last, _options.ProviderThreshold, _options.WindowDays, 1,
                        AlertStatus.Open, now, now),
                    PrescriptionKeys = keys,
                };
                s.Alerts.Add(held);
                changed.Add(held);
            }
            else
            {
                var alert = held.Alert;
                var same = alert.Status == AlertStatus.Open && held.PrescriptionKeys.SetEquals(keys)
                    && alert.Providers.SequenceEqual(episode.Providers) && alert.FirstPrescribedOn == episode.First && alert.LastPrescribedOn == episode.Last;
                if (!same)
                {
                    held.FormerProviders.UnionWith(alert.Providers);
                    held.Alert = alert with
                    {
                        Providers = episode.Providers, PrescriptionCount = keys.Count, FirstPrescribedOn = episode.First,
                        LastPrescribedOn = episode.Last, Revision = alert.Revision + 1, Status = AlertStatus.Open, UpdatedAt = now,
                    };
                    held.PrescriptionKeys = keys;
                    changed.Add(held);
                }
            }

            matched.Add(held);
        }

        foreach (var held in s.Alerts.Where(a => !matched.Contains(a) && a.Alert.Status == AlertStatus.Open))
        {
            held.Alert = held.Alert with { Status = AlertStatus.Withdrawn, Revision = held.Alert.Revision + 1, UpdatedAt = now };
            changed.Add(held);
        }

        return changed;
    }

    /// <summary>Publishes each alert to the stream of every provider it involves or involved, then records the
    /// revision as delivered.</summary>
    private async Task DeliverAsync(IReadOnlyList<HeldAlert> alerts)
    {
        var streams = this.GetStreamProvider(AnalyticsStreams.ProviderName);
        foreach (var held in alerts)
        {
            foreach (var provider in held.FormerProviders.Union(held.Alert.Providers).Order(StringComparer.Ordinal))
            {
                var stream = streams.GetStream<PrescriptionMisuseAlert>(StreamId.Create(AnalyticsStreams.Namespaces.PrescriptionMisuseAlerts, provider));
                await stream.OnNextAsync(held.Alert);
            }

            held.DeliveredRevision = held.Alert.Revision;
        }

        await state.WriteStateAsync();
    }

    /// <summary>Stable across restarts and re-indexing: the patient and the episode's first prescription.</summary>
    private string AlertId(string firstPrescriptionKey) =>
        "alert-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{Patient}|{firstPrescriptionKey}")))[..32];
}

[GenerateSerializer, Alias("medrec.prescription-misuse-state")]
public sealed class PrescriptionMisuseState
{
    [Id(0)] public Dictionary<string, AlertPrescription> Prescriptions { get; set; } = [];
    [Id(1)] public List<HeldAlert> Alerts { get; set; } = [];
    [Id(2)] public int Duplicates { get; set; }
}

[GenerateSerializer, Alias("medrec.held-alert")]
public sealed class HeldAlert
{
    [Id(0)] public PrescriptionMisuseAlert Alert { get; set; } = null!;
    [Id(1)] public HashSet<string> PrescriptionKeys { get; set; } = [];
    /// <summary>Providers a former revision involved: they hear of the change too (and drop the alert).</summary>
    [Id(2)] public HashSet<string> FormerProviders { get; set; } = [];
    [Id(3)] public int DeliveredRevision { get; set; }
}
