using MedRec.ChainIndexer.Indexing;
using MedRec.Grains.Abstractions.Chain;
using MedRec.Grains.Abstractions.Mirror;
using MedRec.TestSupport;

namespace MedRec.IntegrationTests;

internal static class MirrorAudit
{
    /// <summary>Every canonical event was applied exactly once by every mirror grain that consumes it: each grain's
    /// application counter equals the number of events on chain addressed to it, and it holds exactly those events.
    /// Answers how many redelivered events the grains ignored as duplicates.</summary>
    public static Task<long> AssertAppliedExactlyOnceAsync(MirrorFixture mirror) => AssertAppliedExactlyOnceAsync(mirror, mirror.Grains);

    public static async Task<long> AssertAppliedExactlyOnceAsync(IChainWorld mirror, IGrainFactory grains)
    {
        var source = new RpcChainLogSource(mirror.Node.RpcUrl);
        var decoder = new ChainLogDecoder(mirror.Deployment.Contracts);
        var head = await source.GetHeadAsync(CancellationToken.None);
        var logs = await source.GetLogsAsync(mirror.Deployment.DeploymentBlock, head, decoder.Addresses, CancellationToken.None);

        var expected = new Dictionary<(string Kind, string Key), int>();
        foreach (var log in logs)
        {
            if (decoder.Decode(log).Event is not { } chainEvent) continue;
            foreach (var (ns, key) in ChainStreams.Targets(chainEvent))
            {
                if (MirrorGrains.For(grains, ns, key) is not null)
                {
                    var id = (Kind(ns), key);
                    expected[id] = expected.GetValueOrDefault(id) + 1;
                }
            }
        }

        var problems = new List<string>();
        long total = 0, duplicates = 0;
        foreach (var ((kind, key), count) in expected)
        {
            var grain = MirrorGrains.For(grains, $"medrec.v1.{kind}.any", key)!;
            var counters = await grain.GetCountersAsync();
            total += counters.Applied - counters.Undone;
            duplicates += counters.Duplicates;
            if (counters.Applied - counters.Undone != count || counters.Events != count)
            {
                problems.Add($"{kind} {key}: {count} events on chain, applied {counters.Applied}, undone {counters.Undone}, holds {counters.Events}");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems.Take(30)));
        Assert.True(total > 0, "no events were audited");
        return duplicates;
    }

    /// <summary>The entity kind of a namespace: "medrec.v1.{kind}.{event}".</summary>
    private static string Kind(string streamNamespace) => streamNamespace.Split('.')[2];
}
