using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace MedRec.ChainIndexer.Chain;

/// <summary>Which block was the chain's newest at a given time: a binary search over block timestamps (headers only,
/// no state), about log2(height) header reads.</summary>
public sealed class BlockTimeline(IWeb3 web3)
{
    /// <summary>The last block of <paramref name="fromBlock"/>..head whose timestamp is at or before <paramref name="at"/>,
    /// or null when even <paramref name="fromBlock"/> is later.</summary>
    public async Task<(ulong Number, string Hash, DateTimeOffset Time)?> LastBlockAtOrBeforeAsync(
        DateTimeOffset at, ulong fromBlock, CancellationToken cancellationToken = default)
    {
        var seconds = at.ToUnixTimeSeconds();
        var head = (ulong)(await web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
        var first = await HeaderAsync(fromBlock);
        if (first is null || (long)first.Timestamp.Value > seconds) return null;

        // Invariant: block `low` is at or before `at`; every block above `high` is after it.
        ulong low = fromBlock, high = head;
        while (low < high)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var middle = low + (high - low + 1) / 2;
            var block = await HeaderAsync(middle) ?? throw new InvalidOperationException($"block {middle} vanished during the search");
            if ((long)block.Timestamp.Value <= seconds) low = middle;
            else high = middle - 1;
        }

        var found = low == fromBlock ? first : (await HeaderAsync(low))!;
        return (low, found.BlockHash.ToLowerInvariant(), DateTimeOffset.FromUnixTimeSeconds((long)found.Timestamp.Value));
    }

    private Task<BlockWithTransactionHashes?> HeaderAsync(ulong number) =>
        web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new HexBigInteger(number))!;
}
