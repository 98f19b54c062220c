using MedRec.Grains.Abstractions.Chain;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;

namespace MedRec.Grains.Mirror;

/// <summary>
/// The indexer lease (<see cref="IIndexerLeaseGrain"/>). Written on every grant and renewal, so when this grain's own
/// silo dies and it is activated elsewhere, it still knows the holder and when its lease runs out: no second holder
/// is let in early.
/// </summary>
public sealed partial class IndexerLeaseGrain(
    [PersistentState("indexer-lease", MirrorStorage.Name)] IPersistentState<IndexerLeaseGrain.State> state,
    ILogger<IndexerLeaseGrain> logger)
    : Grain, IIndexerLeaseGrain
{
    public async Task<IndexerLease> AcquireAsync(string holder, TimeSpan duration)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        if (duration <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(duration), duration, "A lease lasts a positive time.");

        var now = DateTimeOffset.UtcNow;
        var current = state.State.Lease;
        if (current is not null && current.Holder != holder && current.ExpiresAt > now) return current;

        var taken = current is null || current.Holder != holder;
        var lease = new IndexerLease(holder, now + duration, taken ? (current?.Epoch ?? 0) + 1 : current!.Epoch);
        state.State.Lease = lease;
        await state.WriteStateAsync();
        if (taken) LogTaken(logger, this.GetPrimaryKeyString(), holder, lease.Epoch, current?.Holder);
        return lease;
    }

    public async Task ReleaseAsync(string holder)
    {
        if (state.State.Lease is not { } lease || lease.Holder != holder) return;
        state.State.Lease = lease with { ExpiresAt = DateTimeOffset.UtcNow };
        await state.WriteStateAsync();
        LogReleased(logger, this.GetPrimaryKeyString(), holder);
    }

    public Task<IndexerLease?> GetAsync() => Task.FromResult(state.State.Lease);

    [LoggerMessage(Level = LogLevel.Information, Message = "Indexer lease {Deployment} taken by {Holder} (epoch {Epoch}; before: {Previous})")]
    private static partial void LogTaken(ILogger logger, string deployment, string holder, long epoch, string? previous);

    [LoggerMessage(Level = LogLevel.Information, Message = "Indexer lease {Deployment} released by {Holder}")]
    private static partial void LogReleased(ILogger logger, string deployment, string holder);

    [GenerateSerializer, Alias("medrec.indexer-lease-state")]
    public sealed class State
    {
        [Id(0)] public IndexerLease? Lease { get; set; }
    }
}
