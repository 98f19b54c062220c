using MedRec.Grains.Abstractions.Chain;
using MedRec.Grains.Abstractions.Mirror;
using Orleans.Runtime;
using Orleans.Streams;

namespace MedRec.Grains.Mirror;

/// <summary>A patient's break-the-glass windows (docs/adr/0011-break-the-glass.md). Tells the patient at once: every
/// opening or closing it applies (or a reorg undoes) goes out on <see cref="EmergencyAccessAlert.StreamNamespace"/>.</summary>
[ImplicitStreamSubscription(ChainStreams.Namespaces.EmergencyAccessOpened)]
[ImplicitStreamSubscription(ChainStreams.Namespaces.EmergencyAccessClosed)]
public sealed class EmergencyAccessGrain([PersistentState("emergency-access", MirrorStorage.Name)] IPersistentState<MirrorState> state)
    : MirrorGrain<EmergencyAccessView>(state), IEmergencyAccessGrain
{
    public Task<EmergencyAccessView> GetAsync() => Task.FromResult(View);

    protected override IMirrorFold<EmergencyAccessView> NewFold() => new Fold(Key);

    protected override Task OnAppliedAsync(ChainEventEnvelope envelope)
    {
        var alert = envelope.Event switch
        {
            EmergencyAccessOpened e => new EmergencyAccessAlert(e.Patient, e.Provider, EmergencyAccessAlert.Opened,
                e.JustificationCommitment, e.OpenedAt, e.ExpiresAt, 0, envelope.Id, envelope.IsUndo),
            EmergencyAccessClosed e => new EmergencyAccessAlert(e.Patient, e.Provider, EmergencyAccessAlert.Closed,
                "", 0, 0, e.ClosedAt, envelope.Id, envelope.IsUndo),
            _ => null,
        };
        if (alert is null) return Task.CompletedTask;
        var stream = this.GetStreamProvider(ChainStreams.ProviderName)
            .GetStream<EmergencyAccessAlert>(StreamId.Create(EmergencyAccessAlert.StreamNamespace, Key));
        return stream.OnNextAsync(alert);
    }

    private sealed class Fold(string key) : IMirrorFold<EmergencyAccessView>
    {
        private readonly List<EmergencyWindow> _windows = [];

        public void Apply(ChainEvent chainEvent)
        {
            switch (chainEvent)
            {
                case EmergencyAccessOpened e:
                    _windows.Add(new EmergencyWindow(e.Provider, e.JustificationCommitment, e.OpenedAt, e.ExpiresAt, 0));
                    break;
                case EmergencyAccessClosed e:
                    var last = _windows.FindLastIndex(w => w.Provider == e.Provider);
                    if (last >= 0) _windows[last] = _windows[last] with { ClosedAt = e.ClosedAt };
                    break;
            }
        }

        public EmergencyAccessView ToView() => new(key, _windows.ToList());
    }
}
