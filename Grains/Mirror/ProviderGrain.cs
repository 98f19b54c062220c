using MedRec.Grains.Abstractions.Chain;
using MedRec.Grains.Abstractions.Mirror;
using Orleans.Runtime;

namespace MedRec.Grains.Mirror;

[ImplicitStreamSubscription(ChainStreams.Namespaces.ProviderRegistered)]
[ImplicitStreamSubscription(ChainStreams.Namespaces.ProviderEndpointChanged)]
[ImplicitStreamSubscription(ChainStreams.Namespaces.ProviderRevoked)]
[ImplicitStreamSubscription(ChainStreams.Namespaces.ProviderRelationshipStatusChanged)]
public sealed class ProviderGrain([PersistentState("provider", MirrorStorage.Name)] IPersistentState<MirrorState> state)
    : MirrorGrain<ProviderView>(state), IProviderGrain
{
    public Task<ProviderView> GetAsync() => Task.FromResult(View);

    protected override ProviderView Fold(IEnumerable<ChainEvent> events)
    {
        var (registered, identity, endpoint, certifier, revoked) = (false, (string?)null, (string?)null, (string?)null, false);
        var patients = new SortedDictionary<string, RelationshipStatus>(StringComparer.Ordinal);
        foreach (var chainEvent in events)
        {
            switch (chainEvent)
            {
                case ProviderRegistered e: (registered, identity, endpoint, certifier) = (true, e.IdentityHash, e.Endpoint, e.Certifier); break;
                case ProviderEndpointChanged e: endpoint = e.Endpoint; break;
                case ProviderRevoked: revoked = true; break;
                case RelationshipStatusChanged e: patients[e.Patient] = e.Status; break;
            }
        }

        return new ProviderView(Key, registered, identity, endpoint, certifier, revoked,
            patients.Select(p => new RelationshipEntry(p.Key, p.Value)).ToList());
    }
}
