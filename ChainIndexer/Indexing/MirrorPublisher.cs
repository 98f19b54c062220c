using MedRec.Grains.Abstractions.Chain;
using MedRec.Grains.Abstractions.Mirror;
using Orleans.Runtime;
using Orleans.Streams;

namespace MedRec.ChainIndexer.Indexing;

/// <summary>
/// Publishes chain events to their Orleans streams (in order per stream, one queue message per stream and call) and
/// waits until every mirror grain that consumes them has durably applied (or, for undo, removed) the last one: only
/// then may the checkpoint move.
/// </summary>
public sealed class MirrorPublisher(IClusterClient client)
{
    private const int Parallelism = 64;
    private readonly IStreamProvider _streams = client.GetStreamProvider(ChainStreams.ProviderName);

    public async Task PublishAsync(IReadOnlyList<ChainEventEnvelope> envelopes, TimeSpan applyTimeout, CancellationToken cancellationToken)
    {
        if (envelopes.Count == 0) return;

        var byStream = new Dictionary<(string Namespace, string Key), List<ChainEventEnvelope>>();
        foreach (var envelope in envelopes)
        {
            foreach (var target in ChainStreams.Targets(envelope.Event))
            {
                if (!byStream.TryGetValue(target, out var list)) byStream[target] = list = [];
                list.Add(envelope);
            }
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(byStream, options, async (stream, _) =>
        {
            var handle = _streams.GetStream<ChainEventEnvelope>(StreamId.Create(stream.Key.Namespace, stream.Key.Key));
            await handle.OnNextBatchAsync(stream.Value);
        });

        var deadline = DateTime.UtcNow + applyTimeout;
        await Parallel.ForEachAsync(byStream, options, async (stream, ct) =>
        {
            var grain = MirrorGrains.For(client, stream.Key.Namespace, stream.Key.Key);
            if (grain is null) return;
            var last = stream.Value[^1];
            await WaitUntilAsync(grain, last, deadline, ct);
        });
    }

    private static async Task WaitUntilAsync(IMirrorGrain grain, ChainEventEnvelope last, DateTime deadline, CancellationToken ct)
    {
        var delay = TimeSpan.FromMilliseconds(1);
        var key = last.Id.Key;
        while (await grain.IsAppliedAsync(key) == last.IsUndo)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException(
                    $"Mirror grain {grain.GetPrimaryKeyString()} did not {(last.IsUndo ? "undo" : "apply")} event {key} in time.");
            }

            await Task.Delay(delay, ct);
            delay = TimeSpan.FromMilliseconds(Math.Min(50, delay.TotalMilliseconds * 2));
        }
    }
}
