using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace MedRec.ChainIndexer.Indexing;

/// <summary>Reads the chain over JSON-RPC (eth_blockNumber, eth_getBlockByNumber, eth_getLogs).</summary>
public sealed class RpcChainLogSource(string rpcUrl) : IChainLogSource
{
    private readonly Web3 _web3 = new(rpcUrl);

    public async Task<ulong> GetHeadAsync(CancellationToken cancellationToken) =>
        (ulong)(await _web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;

    public async Task<string?> GetBlockHashAsync(ulong number, CancellationToken cancellationToken)
    {
        var block = await _web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new HexBigInteger(number));
        return block?.BlockHash?.ToLowerInvariant();
    }

    public async Task<IReadOnlyList<FilterLog>> GetLogsAsync(
        ulong fromBlock, ulong toBlock, IReadOnlyList<string> addresses, CancellationToken cancellationToken)
    {
        var filter = new NewFilterInput
        {
            FromBlock = new BlockParameter(fromBlock),
            ToBlock = new BlockParameter(toBlock),
            Address = addresses.ToArray(),
        };
        return await _web3.Eth.Filters.GetLogs.SendRequestAsync(filter);
    }
}
