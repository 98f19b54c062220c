using MedRec.ChainIndexer.Chain;
using MedRec.Grains.Abstractions.Chain;
using MedRec.Host.Api.Contracts;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;

namespace MedRec.Host.Api.Operations;

/// <summary>
/// The status of a chain write from its transaction hash alone (docs/adr/0004-http-api.md): the receipt says pending,
/// failed or mined, and the indexer's checkpoint grain says whether the mirror has applied the receipt's block. Keeps
/// no state, so any API host of a cluster answers for any operation, across restarts.
/// </summary>
public sealed class OperationTracker(IWeb3 web3, Deployment deployment, IGrainFactory grains)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    /// <summary>The operation's status, or null when the chain knows no such transaction.</summary>
    public async Task<OperationStatus?> GetAsync(string transactionHash, CancellationToken cancellationToken)
    {
        var receipt = await web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(transactionHash);
        if (receipt is null)
        {
            var transaction = await web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(transactionHash);
            return transaction is null ? null : new OperationStatus(transactionHash, OperationStatuses.Pending, null, null);
        }

        var block = (ulong)receipt.BlockNumber.Value;
        if (receipt.Status?.Value != 1)
        {
            return new OperationStatus(transactionHash, OperationStatuses.Failed, block, await RevertOfAsync(transactionHash, block));
        }

        var checkpoint = await grains.GetGrain<IIndexerCheckpointGrain>(deployment.Contracts.Registrar.ToLowerInvariant()).GetAsync();
        var applied = checkpoint is not null && checkpoint.NextBlock > block;
        return new OperationStatus(transactionHash, applied ? OperationStatuses.Applied : OperationStatuses.Mined, block, null);
    }

    /// <summary>As <see cref="GetAsync"/>, held until the operation is applied or failed, or <paramref name="wait"/> ends.</summary>
    public async Task<OperationStatus?> WaitAsync(string transactionHash, TimeSpan wait, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + wait;
        while (true)
        {
            var status = await GetAsync(transactionHash, cancellationToken);
            if (status is null || status.Status is OperationStatuses.Applied or OperationStatuses.Failed || DateTime.UtcNow + PollInterval > deadline)
            {
                return status;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>The custom error a failed transaction reverted with, by replaying it as a call on its block's parent,
    /// or on the latest block when the node keeps no history (anvil with --prune-history): a reverted transaction
    /// changed nothing, so the latest state refuses it the same way unless something else changed since.</summary>
    private async Task<string> RevertOfAsync(string transactionHash, ulong block)
    {
        var transaction = await web3.Eth.Transactions.GetTransactionByHash.SendRequestAsync(transactionHash);
        var call = new CallInput(transaction.Input, transaction.To) { From = transaction.From, Value = transaction.Value };
        foreach (var at in new[] { new BlockParameter(block - 1), BlockParameter.CreateLatest() })
        {
            try
            {
                await web3.Eth.Transactions.Call.SendRequestAsync(call, at);
                return Reverted;
            }
            catch (Exception error) when (ContractErrorDecoder.TryDecode(error) is { } revert)
            {
                return revert.ErrorName;
            }
            catch (Nethereum.JsonRpc.Client.RpcResponseException)
            {
                // No state at that block here: try the next.
            }
        }

        return Reverted;
    }

    private const string Reverted = "Reverted";
}
