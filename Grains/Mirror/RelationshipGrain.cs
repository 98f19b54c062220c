using MedRec.Grains.Abstractions.Chain;
using MedRec.Grains.Abstractions.Mirror;
using Orleans.Runtime;

namespace MedRec.Grains.Mirror;

[ImplicitStreamSubscription(ChainStreams.Namespaces.RelationshipStatusChanged)]
[ImplicitStreamSubscription(ChainStreams.Namespaces.RelationshipPointerPublished)]
[ImplicitStreamSubscription(ChainStreams.Namespaces.RelationshipAccessGranted)]
[ImplicitStreamSubscription(ChainStreams.Namespaces.RelationshipAccessRevoked)]
public sealed class RelationshipGrain([PersistentState("relationship", MirrorStorage.Name)] IPersistentState<MirrorState> state)
    : MirrorGrain<RelationshipView>(state), IRelationshipGrain
{
    public Task<RelationshipView> GetAsync() => Task.FromResult(View);

    protected override RelationshipView Fold(IEnumerable<ChainEvent> events)
    {
        var status = RelationshipStatus.None;
        var pointers = new SortedDictionary<string, PointerView>(StringComparer.Ordinal);
        var grants = new SortedDictionary<(string PointerId, string Viewer), ulong>();
        foreach (var chainEvent in events)
        {
            switch (chainEvent)
            {
                case RelationshipStatusChanged e: status = e.Status; break;
                case PointerPublished e: pointers[e.PointerId] = new PointerView(e.PointerId, e.QueryCommitment, e.DataHash, e.Version); break;
                case AccessGranted e: grants[(e.PointerId, e.Viewer)] = e.ExpiresAt; break;
                case AccessRevoked e: grants.Remove((e.PointerId, e.Viewer)); break;
            }
        }

        var parts = Key.Split(':');
        return new RelationshipView(parts[0], parts.Length > 1 ? parts[1] : "", status, pointers.Values.ToList(),
            grants.Select(g => new GrantView(g.Key.PointerId, g.Key.Viewer, g.Value)).ToList());
    }
}
