using MedRec.Grains.Abstractions.Chain;
using MedRec.Grains.Abstractions.Research;
using MedRec.Grains.Mirror;
using Orleans.Runtime;

namespace MedRec.Grains.Research;

/// <summary>The mirror of one researcher: exactly-once, reorg-safe application comes from <see cref="MirrorGrain{TView}"/>.</summary>
[ImplicitStreamSubscription(ChainStreams.Namespaces.ResearcherRegistered)]
public sealed class ResearcherGrain([PersistentState("researcher", MirrorStorage.Name)] IPersistentState<MirrorState> state)
    : MirrorGrain<ResearcherView>(state), IResearcherGrain
{
    public Task<ResearcherView> GetAsync() => Task.FromResult(View);

    protected override IMirrorFold<ResearcherView> NewFold() => new Fold(Key);

    private sealed class Fold(string key) : IMirrorFold<ResearcherView>
    {
        private ResearcherRegistered? _registered;

        public void Apply(ChainEvent chainEvent)
        {
            if (chainEvent is ResearcherRegistered e) _registered = e;
        }

        public ResearcherView ToView() => new(key, _registered is not null, _registered?.IdentityHash, _registered?.Validator, _registered?.Certifier);
    }
}
