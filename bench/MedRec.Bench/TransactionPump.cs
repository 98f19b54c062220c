using System.Numerics;
using MedRec.ChainIndexer.Chain;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;

namespace MedRec.Bench;

/// <summary>
/// Sends scripted transactions cheaply: client-side nonces and a fixed gas limit (no estimation), at most
/// <see cref="Window"/> unconfirmed at a time. anvil balloons in memory with thousands of unmined transactions, so the
/// pump waits for the receipts of a full window before sending more, and fails on any transaction that reverted.
/// </summary>
public sealed class TransactionPump(BenchChain chain, int window = 32)
{
    private readonly Dictionary<string, BigInteger> _nonces = [];
    private readonly List<string> _pending = [];

    public int Window { get; } = window;
    public int Sent { get; private set; }

    public async Task SubmitAsync<TFunction>(
        ParticipantClient sender, string contract, TFunction function, long gas, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
        if (!_nonces.TryGetValue(sender.Address, out var nonce))
        {
            nonce = (await chain.Node.Web3.Eth.Transactions.GetTransactionCount
                .SendRequestAsync(sender.Address, BlockParameter.CreatePending())).Value;
        }

        _pending.Add(await sender.SubmitAsync(contract, function, nonce, gas));
        _nonces[sender.Address] = nonce + 1;
        Sent++;
        if (_pending.Count >= Window) await DrainAsync(cancellationToken);
    }

    /// <summary>Waits until every sent transaction is mined and checks that each succeeded.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        foreach (var hash in _pending)
        {
            var receipt = await WaitForReceiptAsync(chain, hash, TimeSpan.FromSeconds(60), cancellationToken);
            if (receipt.Status?.Value != 1)
            {
                throw new InvalidOperationException($"Transaction {hash} reverted (gas used {receipt.GasUsed?.Value}); the load script is wrong.");
            }
        }

        _pending.Clear();
    }

    /// <summary>Polls for a receipt every millisecond (Nethereum's own polling waits far longer between tries).</summary>
    public static async Task<TransactionReceipt> WaitForReceiptAsync(
        BenchChain chain, string hash, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var receipt = await chain.Node.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash);
            if (receipt is not null) return receipt;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Transaction {hash} was not mined within {timeout.TotalSeconds} s.");
            await Task.Delay(1, cancellationToken);
        }
    }
}
