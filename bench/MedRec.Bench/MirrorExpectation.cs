using MedRec.Grains.Abstractions.Chain;
using MedRec.Grains.Abstractions.Mirror;

namespace MedRec.Bench;

/// <summary>How many events each mirror grain must hold after indexing a set of chain events; checked against the
/// grains' own counters, so a figure counts only complete work.</summary>
public sealed class MirrorExpectation
{
    private readonly Dictionary<(string Kind, string Key), int> _events = [];

    public int Grains => _events.Count;

    public void Add(ChainEvent chainEvent)
    {
        foreach (var (ns, key) in ChainStreams.Targets(chainEvent))
        {
            var kind = ns.Split('.')[2];
            if (kind is "patient" or "provider" or "relationship") _events[(kind, key)] = _events.GetValueOrDefault((kind, key)) + 1;
        }
    }

    /// <exception cref="InvalidOperationException">A grain holds other events than expected.</exception>
    public async Task VerifyAsync(IGrainFactory grains)
    {
        foreach (var ((kind, key), count) in _events)
        {
            var counters = await MirrorGrains.For(grains, $"medrec.v1.{kind}.any", key)!.GetCountersAsync();
            if (counters.Events != count || counters.Applied - counters.Undone != count)
            {
                throw new InvalidOperationException(
                    $"Mirror {kind} {key}: {count} events on chain, holds {counters.Events}, applied {counters.Applied}, undone {counters.Undone}.");
            }
        }
    }
}
