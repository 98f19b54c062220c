using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;

namespace MedRec.IntegrationTests;

internal static class Events
{
    /// <summary>The single event of type <typeparamref name="TEvent"/> in the receipt, emitted by <paramref name="contract"/>.</summary>
    public static TEvent Single<TEvent>(TransactionReceipt receipt, string contract) where TEvent : IEventDTO, new()
    {
        var decoded = receipt.DecodeAllEvents<TEvent>();
        var log = Assert.Single(decoded);
        Assert.Equal(contract.ToLowerInvariant(), log.Log.Address.ToLowerInvariant());
        return log.Event;
    }

    public static List<TEvent> All<TEvent>(TransactionReceipt receipt) where TEvent : IEventDTO, new() =>
        receipt.DecodeAllEvents<TEvent>().Select(e => e.Event).ToList();

    public static string Lower(this string address) => address.ToLowerInvariant();
}
