using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Nethereum.Hex.HexTypes;
using Nethereum.Web3;

namespace MedRec.Grains.Research;

/// <summary>
/// Reads the <c>miner</c> of the latest <see cref="ResearchOptions.WindowBlocks"/> blocks from the chain's RPC (on a
/// QBFT chain the sealing validator; on anvil the coinbase). Miners are kept per block number, so each block is read
/// once; the head is read again after <see cref="ResearchOptions.ParticipationCacheTime"/>. Thread-safe.
/// </summary>
public sealed class ChainValidatorParticipation(IWeb3 web3, IOptions<ResearchOptions> options, TimeProvider time) : IValidatorParticipation
{
    private readonly ConcurrentDictionary<ulong, string> _miners = new();
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private (ulong Head, DateTimeOffset ReadAt)? _head;

    public async Task<(int Sealed, int Window)> SealedAsync(string validator, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(validator);
        var head = await HeadAsync(cancellationToken);
        var window = (ulong)options.Value.WindowBlocks;
        var first = head + 1 >= window ? head + 1 - window : 0;
        var wanted = validator.ToLowerInvariant();
        var count = 0;
        for (var number = first; number <= head; number++)
        {
            if (await MinerAsync(number, cancellationToken) == wanted) count++;
        }

        return (count, (int)(head - first + 1));
    }

    private async Task<ulong> HeadAsync(CancellationToken cancellationToken)
    {
        var cached = _head;
        var now = time.GetUtcNow();
        if (cached is { } c && now - c.ReadAt < options.Value.ParticipationCacheTime) return c.Head;
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (_head is { } again && now - again.ReadAt < options.Value.ParticipationCacheTime) return again.Head;
            var head = (ulong)(await web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
            var window = (ulong)options.Value.WindowBlocks;
            var first = head + 1 >= window ? head + 1 - window : 0;
            foreach (var old in _miners.Keys.Where(n => n < first).ToList()) _miners.TryRemove(old, out _);

            // The missing blocks in parallel, a few at a time.
            var missing = new List<ulong>();
            for (var number = first; number <= head; number++) if (!_miners.ContainsKey(number)) missing.Add(number);
            await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
                async (number, _) => _miners[number] = await ReadMinerAsync(number));
            _head = (head, now);
            return head;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private async ValueTask<string> MinerAsync(ulong number, CancellationToken cancellationToken)
    {
        if (_miners.TryGetValue(number, out var miner)) return miner;
        cancellationToken.ThrowIfCancellationRequested();
        return _miners[number] = await ReadMinerAsync(number);
    }

    private async Task<string> ReadMinerAsync(ulong number)
    {
        var block = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new HexBigInteger(number));
        return (block?.Miner ?? "").ToLowerInvariant();
    }
}
