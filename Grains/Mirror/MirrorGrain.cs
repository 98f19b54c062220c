using MedRec.Grains.Abstractions.Chain;
using MedRec.Grains.Abstractions.Mirror;
using Orleans.Runtime;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace MedRec.Grains.Mirror;

/// <summary>
/// Shared mechanics of the mirror grains: receives chain events from its implicit stream subscriptions, applies each
/// exactly once (deduplicated by block hash + log index), undoes events a reorg dropped, keeps them in chain order
/// and folds them into the grain's view. State is written before <see cref="IsAppliedAsync"/> answers, which is the
/// indexer's signal that its checkpoint may move past the event.
/// </summary>
/// <remarks>The fold is kept between events: an event that arrives in chain order is applied to it alone, and the
/// view is rebuilt from it only when read after a change. An event that lands before others (streams of different
/// namespaces may interleave) or an undo folds all events again.</remarks>
public abstract class MirrorGrain<TView> : Grain, IMirrorGrain, IStreamSubscriptionObserver
{
    private readonly IPersistentState<MirrorState> _state;
    /// <summary>(block hash, log index) of every applied event: the event key without allocating it.</summary>
    private readonly HashSet<(string BlockHash, int LogIndex)> _appliedKeys = [];
    private IMirrorFold<TView>? _fold;
    private TView? _view;
    private bool _dirty;

    protected MirrorGrain(IPersistentState<MirrorState> state) => _state = state;

    protected string Key => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var envelope in _state.State.Events) _appliedKeys.Add(KeyOf(envelope.Id));
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        OnViewChanged();
        if (_dirty) await _state.WriteStateAsync(cancellationToken);
    }

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        var handle = handleFactory.Create<ChainEventEnvelope>();
        await handle.ResumeAsync((envelope, _) => ApplyAsync(envelope));
    }

    public async Task<bool> IsAppliedAsync(string eventKey)
    {
        if (_dirty)
        {
            await _state.WriteStateAsync();
            _dirty = false;
        }

        var separator = eventKey.LastIndexOf(':');
        return separator > 0 && int.TryParse(eventKey.AsSpan(separator + 1), out var logIndex)
            && _appliedKeys.Contains((eventKey[..separator], logIndex));
    }

    public Task<MirrorCounters> GetCountersAsync() => Task.FromResult(
        new MirrorCounters(_state.State.Applied, _state.State.Duplicates, _state.State.Undone, _state.State.Events.Count));

    protected TView View => _view ??= (_fold ??= FoldAll()).ToView();

    /// <summary>The last applied event in chain order (the block the view is the state at), or null before any.</summary>
    protected ChainEventId? LastEventId => _state.State.Events.Count > 0 ? _state.State.Events[^1].Id : null;

    /// <summary>Called in the grain's turn whenever the view it answered may no longer hold: an event was applied or
    /// undone, or the activation is going away.</summary>
    protected virtual void OnViewChanged()
    {
    }

    /// <summary>An empty fold of this grain's view.</summary>
    protected abstract IMirrorFold<TView> NewFold();

    private IMirrorFold<TView> FoldAll()
    {
        var fold = NewFold();
        foreach (var envelope in _state.State.Events) fold.Apply(envelope.Event);
        return fold;
    }

    private Task ApplyAsync(ChainEventEnvelope envelope)
    {
        var events = _state.State.Events;
        var key = KeyOf(envelope.Id);
        if (envelope.IsUndo)
        {
            var index = events.FindLastIndex(e => KeyOf(e.Id) == key);
            if (index < 0) return Task.CompletedTask;
            events.RemoveAt(index);
            _appliedKeys.Remove(key);
            _state.State.Undone++;
            _fold = null;
        }
        else
        {
            if (!_appliedKeys.Add(key))
            {
                _state.State.Duplicates++;
                _dirty = true;
                return Task.CompletedTask;
            }

            // Streams of different namespaces may interleave: insert at the event's place in chain order.
            var at = events.Count;
            while (at > 0 && Compare(events[at - 1].Id, envelope.Id) > 0) at--;
            events.Insert(at, envelope);
            _state.State.Applied++;
            if (at == events.Count - 1) _fold?.Apply(envelope.Event);
            else _fold = null;
        }

        _view = default;
        _dirty = true;
        OnViewChanged();
        return OnAppliedAsync(envelope);
    }

    /// <summary>Called in the grain's turn after an event was newly applied or undone (not for duplicates), before the
    /// grain answers <see cref="IsAppliedAsync"/> for it.</summary>
    protected virtual Task OnAppliedAsync(ChainEventEnvelope envelope) => Task.CompletedTask;

    /// <summary>The view as of block <paramref name="block"/>: the fold of the kept events up to it (time travel).</summary>
    protected TView ViewAt(ulong block)
    {
        var fold = NewFold();
        foreach (var envelope in _state.State.Events)
        {
            if (envelope.Id.BlockNumber > block) break;
            fold.Apply(envelope.Event);
        }

        return fold.ToView();
    }

    private static (string BlockHash, int LogIndex) KeyOf(ChainEventId id) => (id.BlockHash, id.LogIndex);

    private static int Compare(ChainEventId a, ChainEventId b) =>
        a.BlockNumber != b.BlockNumber ? a.BlockNumber.CompareTo(b.BlockNumber) : a.LogIndex.CompareTo(b.LogIndex);
}
