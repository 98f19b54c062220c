using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Chain;
using MedRec.Grains.Abstractions.Mirror;
using Orleans.Runtime;

namespace MedRec.Grains.Mirror;

[ImplicitStreamSubscription(ChainStreams.Namespaces.RelationshipStatusChanged)]
[ImplicitStreamSubscription(ChainStreams.Namespaces.RelationshipPointerPublished)]
[ImplicitStreamSubscription(ChainStreams.Namespaces.RelationshipAccessGranted)]
[ImplicitStreamSubscription(ChainStreams.Namespaces.RelationshipAccessRevoked)]
public sealed class RelationshipGrain(
    [PersistentState("relationship", MirrorStorage.Name)] IPersistentState<MirrorState> state, RelationshipViewCache views)
    : MirrorGrain<RelationshipView>(state), IRelationshipGrain
{
    private (string Patient, string Provider)? _pair;
    private RelationshipView? _stamped;

    private (string Patient, string Provider) Pair => _pair ??= RelationshipViewCache.PairOf(Key);

    public Task<RelationshipView> GetAsync()
    {
        var view = _stamped ??= Stamp(View);
        views.Put(Pair, view);
        return Task.FromResult(view);
    }

    protected override void OnViewChanged()
    {
        _stamped = null;
        views.Remove(Pair);
    }

    /// <summary>The view with the block of its last event: the events are kept in chain order, so the fold is the
    /// relationship's state at that block (what a decision receipt names).</summary>
    private RelationshipView Stamp(RelationshipView view)
    {
        return LastEventId is { } last ? view with { AsOf = new ChainBlock(last.BlockNumber, last.BlockHash) } : view;
    }

    protected override IMirrorFold<RelationshipView> NewFold() => new Fold(Key);

    private sealed class Fold(string key) : IMirrorFold<RelationshipView>
    {
        private readonly SortedDictionary<string, PointerView> _pointers = new(StringComparer.Ordinal);
        private readonly SortedDictionary<(string PointerId, string Viewer), (ulong ExpiresAt, PurposeSet Purposes)> _grants = new();
        private RelationshipStatus _status = RelationshipStatus.None;

        public void Apply(ChainEvent chainEvent)
        {
            switch (chainEvent)
            {
                case RelationshipStatusChanged e: _status = e.Status; break;
                case PointerPublished e: _pointers[e.PointerId] = new PointerView(e.PointerId, e.QueryCommitment, e.DataHash, e.Version); break;
                case AccessGranted e: _grants[(e.PointerId, e.Viewer)] = (e.ExpiresAt, e.Covers); break; // granting again replaces both
                case AccessRevoked e: _grants.Remove((e.PointerId, e.Viewer)); break;
            }
        }

        public RelationshipView ToView()
        {
            var parts = key.Split(':');
            return new RelationshipView(parts[0], parts.Length > 1 ? parts[1] : "", _status, _pointers.Values.ToList(),
                _grants.Select(g => new GrantView(g.Key.PointerId, g.Key.Viewer, g.Value.ExpiresAt, g.Value.Purposes)).ToList());
        }
    }

    public Task<RelationshipView> GetAtAsync(ulong block) => Task.FromResult(ViewAt(block));
}
