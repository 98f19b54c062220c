using MedRec.Grains.Abstractions.Chain;
using MedRec.Grains.Abstractions.Research;
using MedRec.Grains.Mirror;
using Orleans.Runtime;

namespace MedRec.Grains.Research;

/// <summary>
/// One shard of the research cohort: every research-consent event of the shard's patients, in chain order, folded into
/// the set of opted-in addresses (the last event per patient wins; an undo folds again without it).
/// </summary>
[ImplicitStreamSubscription(ChainStreams.Namespaces.ResearchConsentChanged)]
public sealed class ResearchCohortGrain([PersistentState("research-cohort", MirrorStorage.Name)] IPersistentState<MirrorState> state)
    : MirrorGrain<IReadOnlySet<string>>(state), IResearchCohortGrain
{
    public Task<IReadOnlyList<string>> ConsentingAsync(IReadOnlyList<string> addresses)
    {
        ArgumentNullException.ThrowIfNull(addresses);
        var consenting = View;
        return Task.FromResult<IReadOnlyList<string>>(addresses.Where(consenting.Contains).ToList());
    }

    public Task<int> CountAsync() => Task.FromResult(View.Count);

    protected override IMirrorFold<IReadOnlySet<string>> NewFold() => new Fold();

    private sealed class Fold : IMirrorFold<IReadOnlySet<string>>
    {
        private readonly HashSet<string> _consenting = new(StringComparer.Ordinal);

        public void Apply(ChainEvent chainEvent)
        {
            if (chainEvent is not ResearchConsentChanged e) return;
            if (e.Consent) _consenting.Add(e.Patient);
            else _consenting.Remove(e.Patient);
        }

        public IReadOnlySet<string> ToView() => new HashSet<string>(_consenting, StringComparer.Ordinal);
    }
}
