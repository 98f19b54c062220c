using MedRec.ChainIndexer.Chain;
using MedRec.Grains.Abstractions.Chain;
using Microsoft.Extensions.Logging;
using Nethereum.RPC.Eth.DTOs;

namespace MedRec.ChainIndexer.Indexing;

/// <summary>
/// Reads the contracts' logs in block ranges behind a confirmation depth, decodes them, publishes them to the mirror
/// streams, and checkpoints after the mirror applied them. Detects reorgs by block hash and undoes the dropped
/// blocks' events before applying the new ones.
/// </summary>
public sealed partial class ChainIndexerService(
    Deployment deployment,
    ChainIndexerOptions options,
    IChainLogSource chain,
    MirrorPublisher publisher,
    IIndexerCheckpointGrain checkpointGrain,
    IndexerMetrics metrics,
    ILogger<ChainIndexerService> logger)
{
    private readonly ChainLogDecoder _decoder = new(deployment.Contracts);
    private IndexerCheckpoint? _checkpoint;
    private Task<(BlockRange? Range, bool Retry)>? _readAhead;

    public IndexerCheckpoint? Checkpoint => _checkpoint;

    /// <summary>Indexes until cancelled, pausing when caught up; transient failures are logged and retried.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var lastLog = DateTime.UtcNow;
        var eventsAtLastLog = metrics.Events;
        while (!cancellationToken.IsCancellationRequested)
        {
            bool progressed;
            try
            {
                progressed = await RunOnceAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                LogRetry(logger, ex);
                progressed = false;
            }

            if (DateTime.UtcNow - lastLog >= options.ProgressLogInterval)
            {
                var seconds = (DateTime.UtcNow - lastLog).TotalSeconds;
                LogProgress(logger, metrics.CurrentBlock, metrics.Head, metrics.Head - metrics.CurrentBlock, (metrics.Events - eventsAtLastLog) / seconds);
                (lastLog, eventsAtLastLog) = (DateTime.UtcNow, metrics.Events);
            }

            if (!progressed) await Task.Delay(options.PollInterval, cancellationToken).ContinueWith(_ => { }, CancellationToken.None);
        }
    }

    /// <summary>
    /// One step: undo a reorg, or apply the next range. Returns whether anything moved. While the range is being
    /// applied, the next one is already read (<see cref="ChainIndexerOptions.ReadAhead"/>); it is used by the next step
    /// only if it starts where the checkpoint then stands and its last block is still canonical.
    /// </summary>
    public async Task<bool> RunOnceAsync(CancellationToken cancellationToken)
    {
        var checkpoint = _checkpoint ??= await checkpointGrain.GetAsync()
            ?? new IndexerCheckpoint(deployment.DeploymentBlock, []);

        var head = await chain.GetHeadAsync(cancellationToken);
        metrics.Progress(checkpoint.NextBlock == 0 ? 0 : checkpoint.NextBlock - 1, head);
        if (await UndoReorgAsync(checkpoint, cancellationToken))
        {
            await TakeReadAheadAsync(from: null, cancellationToken);
            return true;
        }

        var confirmed = await ApplyConfirmedAsync(checkpoint, head, cancellationToken);
        var early = options.Confirmations > 0 && options.EarlyRevocations && await ApplyEarlyRevocationsAsync(head, cancellationToken);
        return confirmed || early;
    }

    /// <summary>The next range of blocks that have the confirmations, if any.</summary>
    private async Task<bool> ApplyConfirmedAsync(IndexerCheckpoint checkpoint, ulong head, CancellationToken cancellationToken)
    {
        if (head < (ulong)options.Confirmations) return false;
        var target = head - (ulong)options.Confirmations;
        var from = checkpoint.NextBlock;
        if (from > target) return false;

        var range = await TakeReadAheadAsync(from, cancellationToken);
        if (range is null)
        {
            var read = await ReadRangeAsync(from, Math.Min(target, from + (ulong)options.BlockBatchSize - 1), cancellationToken);
            if (read.Range is null) return read.Retry;
            range = read.Range;
        }

        var to = range.To;
        if (options.ReadAhead && to < target)
        {
            _readAhead = ReadRangeAsync(to + 1, Math.Min(target, to + (ulong)options.BlockBatchSize), cancellationToken);
        }

        var envelopes = range.Envelopes;
        await publisher.PublishAsync(envelopes, options.ApplyTimeout, cancellationToken);

        var recent = checkpoint.Recent.ToList();
        recent.AddRange(envelopes.GroupBy(e => (e.Id.BlockNumber, e.Id.BlockHash))
            .Select(g => new IndexedBlock(g.Key.BlockNumber, g.Key.BlockHash, g.ToList())));
        if (recent.Count == 0 || recent[^1].Number != to) recent.Add(new IndexedBlock(to, range.ToHash, []));
        // A reorg reaches at most ReorgWindow blocks below the head: older blocks need no events to undo, and only the
        // last applied block's hash (to notice a deeper reorg). Far behind the head the checkpoint stays small.
        var window = (ulong)options.ReorgWindow;
        var keepFrom = head >= window ? head - window : 0;
        recent.RemoveAll(b => b.Number < keepFrom && b != recent[^1]);

        _checkpoint = checkpoint with { NextBlock = to + 1, Recent = recent, EventsApplied = checkpoint.EventsApplied + envelopes.Count };
        await checkpointGrain.SaveAsync(_checkpoint);
        metrics.Applied(envelopes.Count);
        metrics.Progress(to, head);
        return true;
    }

    /// <summary>
    /// Revocations bite at once: the access revocations of the blocks that do not have the confirmations yet are applied
    /// now, and remembered in the checkpoint (<see cref="IndexerCheckpoint.Early"/>). Once a remembered revocation's
    /// height has the confirmations, the confirmed pass has delivered it again if it is still canonical (the mirror
    /// counts a duplicate); if a reorg dropped its block it is undone then, not before: until the chain has settled,
    /// the safe side (no access) wins.
    /// </summary>
    private async Task<bool> ApplyEarlyRevocationsAsync(ulong head, CancellationToken cancellationToken)
    {
        var checkpoint = _checkpoint!;
        var remembered = checkpoint.Early ?? [];
        var settled = remembered.Where(e => e.Id.BlockNumber < checkpoint.NextBlock).ToList();
        var pending = remembered.Where(e => e.Id.BlockNumber >= checkpoint.NextBlock).ToList();

        var undo = new List<ChainEventEnvelope>();
        foreach (var envelope in settled)
        {
            var canonical = await chain.GetBlockHashAsync(envelope.Id.BlockNumber, cancellationToken);
            if (!string.Equals(canonical, envelope.Id.BlockHash, StringComparison.OrdinalIgnoreCase)) undo.Add(envelope with { IsUndo = true });
        }

        // Only the blocks still short of their confirmations: older unapplied blocks (a backfill) are the confirmed
        // pass's, which reaches them without waiting.
        var fresh = new List<ChainEventEnvelope>();
        var from = Math.Max(checkpoint.NextBlock, head + 1 - Math.Min(head + 1, (ulong)options.Confirmations));
        if (from <= head)
        {
            var logs = await chain.GetLogsAsync(from, head, [deployment.Contracts.Relationships], cancellationToken);
            var known = pending.Select(e => e.Id.Key).ToHashSet(StringComparer.Ordinal);
            fresh.AddRange(Decode(logs, countSkips: false).Where(e => e.Event is AccessRevoked && !known.Contains(e.Id.Key)));
        }

        if (settled.Count == 0 && fresh.Count == 0) return false;
        if (undo.Count > 0)
        {
            LogEarlyUndone(logger, undo.Count);
            await publisher.PublishAsync(undo, options.ApplyTimeout, cancellationToken);
        }

        if (fresh.Count > 0) await publisher.PublishAsync(fresh, options.ApplyTimeout, cancellationToken);
        pending.AddRange(fresh);
        _checkpoint = checkpoint with { Early = pending };
        await checkpointGrain.SaveAsync(_checkpoint);
        return fresh.Count > 0 || undo.Count > 0;
    }

    /// <summary>Reads and decodes the logs of blocks <paramref name="from"/>..<paramref name="to"/>; no range when the
    /// chain is shorter (Retry false: nothing to do yet) or changed while it was read (Retry true).</summary>
    private async Task<(BlockRange? Range, bool Retry)> ReadRangeAsync(ulong from, ulong to, CancellationToken cancellationToken)
    {
        var logs = await chain.GetLogsAsync(from, to, _decoder.Addresses, cancellationToken);
        var envelopes = Decode(logs, countSkips: true);

        // The logs are one consistent view; make sure it is still the canonical one before applying it.
        var toHash = await chain.GetBlockHashAsync(to, cancellationToken);
        if (toHash is null) return (null, false);
        if (envelopes.Count > 0)
        {
            var newest = envelopes[^1].Id;
            var canonical = newest.BlockNumber == to ? toHash : await chain.GetBlockHashAsync(newest.BlockNumber, cancellationToken);
            if (!string.Equals(canonical, newest.BlockHash, StringComparison.OrdinalIgnoreCase)) return (null, true);
        }

        return (new BlockRange(from, to, toHash, envelopes), false);
    }

    /// <summary>The range read ahead, if it starts at <paramref name="from"/> and its last block is still canonical (then
    /// every block up to it is the one that was read: block hashes chain). Anything else is dropped.</summary>
    private async Task<BlockRange?> TakeReadAheadAsync(ulong? from, CancellationToken cancellationToken)
    {
        if (_readAhead is not { } pending) return null;
        _readAhead = null;
        BlockRange? range;
        try
        {
            range = (await pending).Range;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogReadAheadFailed(logger, ex);
            return null;
        }

        if (range is null || range.From != from) return null;
        var canonical = await chain.GetBlockHashAsync(range.To, cancellationToken);
        return string.Equals(canonical, range.ToHash, StringComparison.OrdinalIgnoreCase) ? range : null;
    }

    private List<ChainEventEnvelope> Decode(IReadOnlyList<FilterLog> logs, bool countSkips)
    {
        var envelopes = new List<ChainEventEnvelope>(logs.Count);
        // The events of one block (and of one transaction) share one hash string: the mirror keeps every envelope.
        var (blockHash, transactionHash) = ("", "");
        foreach (var log in logs.OrderBy(l => (ulong)l.BlockNumber.Value).ThenBy(l => (int)l.LogIndex.Value))
        {
            if (log.Removed) continue;
            var result = _decoder.Decode(log);
            if (result.Event is { } chainEvent)
            {
                if (!string.Equals(log.BlockHash, blockHash, StringComparison.OrdinalIgnoreCase)) blockHash = log.BlockHash.ToLowerInvariant();
                if (!string.Equals(log.TransactionHash, transactionHash, StringComparison.OrdinalIgnoreCase)) transactionHash = log.TransactionHash.ToLowerInvariant();
                var id = new ChainEventId((ulong)log.BlockNumber.Value, blockHash, (int)log.LogIndex.Value, transactionHash);
                envelopes.Add(new ChainEventEnvelope(id, chainEvent));
            }
            else if (result.SkipReason is { } reason && countSkips)
            {
                metrics.Skipped(reason);
                LogSkipped(logger, reason, log.Address, (ulong)log.BlockNumber.Value, (int)log.LogIndex.Value);
            }
        }

        return envelopes;
    }

    private async Task<bool> UndoReorgAsync(IndexerCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        var recent = checkpoint.Recent;
        if (recent.Count == 0) return false;
        if (await IsCanonicalAsync(recent[^1], cancellationToken)) return false;

        var ancestor = -1;
        for (var i = recent.Count - 2; i >= 0; i--)
        {
            if (await IsCanonicalAsync(recent[i], cancellationToken))
            {
                ancestor = i;
                break;
            }
        }

        if (ancestor < 0)
        {
            throw new InvalidOperationException(
                $"A reorg reaches below block {recent[0].Number}, deeper than the reorg window ({options.ReorgWindow} blocks); re-index from scratch.");
        }

        var dropped = recent.Skip(ancestor + 1).ToList();
        var undo = dropped.SelectMany(b => b.Events).Reverse().Select(e => e with { IsUndo = true }).ToList();
        LogReorg(logger, dropped[0].Number, dropped[^1].Number, undo.Count);
        await publisher.PublishAsync(undo, options.ApplyTimeout, cancellationToken);

        _checkpoint = checkpoint with
        {
            NextBlock = recent[ancestor].Number + 1,
            Recent = recent.Take(ancestor + 1).ToList(),
            EventsApplied = checkpoint.EventsApplied - undo.Count,
            Reorgs = checkpoint.Reorgs + 1,
        };
        await checkpointGrain.SaveAsync(_checkpoint);
        metrics.Reorg();
        return true;
    }

    private async Task<bool> IsCanonicalAsync(IndexedBlock block, CancellationToken cancellationToken) =>
        string.Equals(await chain.GetBlockHashAsync(block.Number, cancellationToken), block.Hash, StringComparison.OrdinalIgnoreCase);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Skipped a {Reason} log from {Address} at block {Block}, log index {LogIndex}")]
    private static partial void LogSkipped(ILogger logger, string reason, string address, ulong block, int logIndex);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reorg: blocks {From}..{To} are no longer canonical; undoing {Events} events")]
    private static partial void LogReorg(ILogger logger, ulong from, ulong to, int events);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} access revocations applied early were in blocks a reorg dropped; undone now that their height is confirmed")]
    private static partial void LogEarlyUndone(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Indexed to block {Block}, head {Head}, lag {Lag} blocks, {EventsPerSecond:F0} events/s")]
    private static partial void LogProgress(ILogger logger, long block, long head, long lag, double eventsPerSecond);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reading the next range ahead failed; it is read again")]
    private static partial void LogReadAheadFailed(ILogger logger, Exception exception);

    /// <summary>Blocks <see cref="From"/>..<see cref="To"/> as read: their events in chain order and the hash of the last block.</summary>
    private sealed record BlockRange(ulong From, ulong To, string ToHash, List<ChainEventEnvelope> Envelopes);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Indexing step failed; retrying")]
    private static partial void LogRetry(ILogger logger, Exception exception);
}
