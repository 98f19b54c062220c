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

    protected override IMirrorFold<ProviderView> NewFold() => new Fold(Key);

    private sealed class Fold(string key) : IMirrorFold<ProviderView>
    {
        private readonly SortedDictionary<string, RelationshipStatus> _patients = new(StringComparer.Ordinal);
        private (bool Registered, string? Identity, string? Endpoint, string? Certifier, bool Revoked) _provider;

        public void Apply(ChainEvent chainEvent)
        {
            switch (chainEvent)
            {
                case ProviderRegistered e:
                    _provider = _provider with { Registered = true, Identity = e.IdentityHash, Endpoint = e.Endpoint, Certifier = e.Certifier };
                    break;
                case ProviderEndpointChanged e: _provider = _provider with { Endpoint = e.Endpoint }; break;
                case ProviderRevoked: _provider = _provider with { Revoked = true }; break;
                case RelationshipStatusChanged e: _patients[e.Patient] = e.Status; break;
            }
        }

        public ProviderView ToView() => new(key, _provider.Registered, _provider.Identity, _provider.Endpoint, _provider.Certifier,
            _provider.Revoked, _patients.Select(p => new RelationshipEntry(p.Key, p.Value)).ToList());
    }
}
