using System.Collections.Concurrent;
using MedRec.Grains.Abstractions.Chain;
using MedRec.Grains.Abstractions.Mirror;

namespace MedRec.Grains.Mirror;

/// <summary>
/// This silo's copies of the views that its own relationship grain activations hold, so an access decision in the
/// silo reads the mirror without a grain call (a grain call costs ~8 µs, most of an in-silo decision).
/// <para>Only a <see cref="RelationshipGrain"/> writes here, and only in its own turns: it puts its view when it builds
/// it and removes it when an event changes it and when it deactivates. An entry is therefore the view the one
/// activation of that grain would answer at that moment, never an older one; a relationship whose activation lives on
/// another silo (or is not active) has no entry here and is read from its grain. Not a cache of the chain: the grain
/// stays the mirror, this holds no state of its own and is empty after a restart.</para>
/// </summary>
public sealed class RelationshipViewCache
{
    // Keyed by the (patient, provider) pair as the grain key spells them (lowercase): a lookup builds no key string.
    private readonly ConcurrentDictionary<(string Patient, string Provider), RelationshipView> _views = new();

    /// <summary>Entries held now (for tests and figures).</summary>
    public int Count => _views.Count;

    /// <summary>The relationship's view: this silo's copy when its grain is active here, else from the grain.
    /// Addresses as the mirror keys them (lowercase) find the copy; any other spelling is read from the grain.</summary>
    public ValueTask<RelationshipView> GetAsync(IGrainFactory grains, string patient, string provider) =>
        _views.TryGetValue((patient, provider), out var view)
            ? ValueTask.FromResult(view)
            : new ValueTask<RelationshipView>(grains.GetGrain<IRelationshipGrain>(ChainStreams.RelationshipKey(patient, provider)).GetAsync());

    /// <summary>The (patient, provider) pair of a relationship grain key ("patient:provider").</summary>
    internal static (string Patient, string Provider) PairOf(string key)
    {
        var separator = key.IndexOf(':', StringComparison.Ordinal);
        return separator < 0 ? (key, "") : (key[..separator], key[(separator + 1)..]);
    }

    internal void Put((string Patient, string Provider) key, RelationshipView view) => _views[key] = view;

    internal void Remove((string Patient, string Provider) key) => _views.TryRemove(key, out _);
}
