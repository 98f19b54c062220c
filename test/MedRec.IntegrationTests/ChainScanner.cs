using Nethereum.Hex.HexTypes;
using Nethereum.Web3;

namespace MedRec.IntegrationTests;

/// <summary>Everything a chain made public: every transaction's calldata and every log's topics and data, as hex.</summary>
public sealed class ChainScanner
{
    private ChainScanner(IReadOnlyList<string> calldata, IReadOnlyList<string> logs, ulong blocks)
    {
        Calldata = calldata;
        Logs = logs;
        Blocks = blocks;
    }

    public IReadOnlyList<string> Calldata { get; }
    public IReadOnlyList<string> Logs { get; }
    public ulong Blocks { get; }

    public static async Task<ChainScanner> ScanAsync(Web3 web3)
    {
        var latest = (ulong)(await web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
        var calldata = new List<string>();
        var logs = new List<string>();
        for (ulong number = 0; number <= latest; number++)
        {
            var block = await web3.Eth.Blocks.GetBlockWithTransactionsByNumber.SendRequestAsync(new HexBigInteger(number));
            foreach (var tx in block.Transactions)
            {
                calldata.Add(Strip(tx.Input));
                var receipt = await web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(tx.TransactionHash);
                foreach (var log in receipt.Logs)
                {
                    var topics = log.Topics ?? [];
                    logs.Add(string.Concat(topics.Select(t => Strip(t?.ToString() ?? ""))) + Strip(log.Data ?? ""));
                }
            }
        }

        return new ChainScanner(calldata, logs, latest + 1);
    }

    /// <summary>Where <paramref name="needle"/> (as UTF-8 bytes) occurs, byte-aligned, in calldata or logs.</summary>
    public IEnumerable<string> Find(string needle) => FindHex(Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(needle)), needle);

    public IEnumerable<string> FindHex(string needleHex, string label)
    {
        needleHex = needleHex.ToLowerInvariant();
        foreach (var (kind, items) in new[] { ("calldata", Calldata), ("log", Logs) })
        {
            for (var i = 0; i < items.Count; i++)
            {
                if (ContainsAligned(items[i], needleHex)) yield return $"{label} in {kind} #{i}";
            }
        }
    }

    private static bool ContainsAligned(string haystack, string needle)
    {
        for (var at = haystack.IndexOf(needle, StringComparison.Ordinal); at >= 0;
             at = haystack.IndexOf(needle, at + 1, StringComparison.Ordinal))
        {
            if (at % 2 == 0) return true;
        }

        return false;
    }

    private static string Strip(string hex) => (hex.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? hex[2..] : hex).ToLowerInvariant();
}
