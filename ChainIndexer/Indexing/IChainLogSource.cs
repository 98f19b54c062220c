using Nethereum.RPC.Eth.DTOs;

namespace MedRec.ChainIndexer.Indexing;

/// <summary>What the indexer reads from the chain: the head, block hashes and the contracts' logs.</summary>
public interface IChainLogSource
{
    Task<ulong> GetHeadAsync(CancellationToken cancellationToken);

    /// <summary>The canonical hash of block <paramref name="number"/>, or null when the chain is shorter.</summary>
    Task<string?> GetBlockHashAsync(ulong number, CancellationToken cancellationToken);

    Task<IReadOnlyList<FilterLog>> GetLogsAsync(ulong fromBlock, ulong toBlock, IReadOnlyList<string> addresses, CancellationToken cancellationToken);
}
