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

    protected override IMirrorFold<PatientView> NewFold() => new Fold(Key);

    private sealed class Fold(string key) : IMirrorFold<PatientView>
    {
        private readonly SortedDictionary<string, RelationshipStatus> _relationships = new(StringComparer.Ordinal);
        private (bool Registered, string? Identity, bool Consent) _patient;

        public void Apply(ChainEvent chainEvent)
        {
            switch (chainEvent)
            {
                case PatientRegistered e: _patient = _patient with { Registered = true, Identity = e.IdentityHash }; break;
                case ResearchConsentChanged e: _patient = _patient with { Consent = e.Consent }; break;
                case RelationshipStatusChanged e: _relationships[e.Provider] = e.Status; break;
            }
        }

        public PatientView ToView() => new(key, _patient.Registered, _patient.Identity, _patient.Consent,
            _relationships.Select(r => new RelationshipEntry(r.Key, r.Value)).ToList());
    }
}
