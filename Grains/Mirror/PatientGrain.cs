using MedRec.Grains.Abstractions.Chain;
using MedRec.Grains.Abstractions.Mirror;
using Orleans.Runtime;

namespace MedRec.Grains.Mirror;

[ImplicitStreamSubscription(ChainStreams.Namespaces.PatientRegistered)]
[ImplicitStreamSubscription(ChainStreams.Namespaces.PatientResearchConsentChanged)]
[ImplicitStreamSubscription(ChainStreams.Namespaces.PatientRelationshipStatusChanged)]
public sealed class PatientGrain([PersistentState("patient", MirrorStorage.Name)] IPersistentState<MirrorState> state)
    : MirrorGrain<PatientView>(state), IPatientGrain
{
    public Task<PatientView> GetAsync() => Task.FromResult(View);

    protected override PatientView Fold(IEnumerable<ChainEvent> events)
    {
        var (registered, identity, consent) = (false, (string?)null, false);
        var relationships = new SortedDictionary<string, RelationshipStatus>(StringComparer.Ordinal);
        foreach (var chainEvent in events)
        {
            switch (chainEvent)
            {
                case PatientRegistered e: (registered, identity) = (true, e.IdentityHash); break;
                case ResearchConsentChanged e: consent = e.Consent; break;
                case RelationshipStatusChanged e: relationships[e.Provider] = e.Status; break;
            }
        }

        return new PatientView(Key, registered, identity, consent,
            relationships.Select(r => new RelationshipEntry(r.Key, r.Value)).ToList());
    }
}
