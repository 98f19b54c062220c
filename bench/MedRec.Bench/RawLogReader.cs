using System.Diagnostics;
using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Indexing;
using MedRec.Grains.Abstractions.Chain;

namespace MedRec.Bench;

/// <summary>The limit of any indexer: eth_getLogs over a block range in the indexer's chunks, each log decoded into
/// its typed chain event (the indexer's own <see cref="ChainLogDecoder"/>), and nothing else.</summary>
public static class RawLogReader
{
    /// <summary>One pass: logs read, events decoded, wall and CPU time, and what the mirror must hold afterwards
    /// (counted after the clock stopped).</summary>
    public sealed record Pass(int Logs, int Events, TimeSpan Elapsed, TimeSpan Cpu, MirrorExpectation Expectation);

    public static async Task<Pass> ReadAsync(
        string rpcUrl, ContractAddresses contracts, ulong from, ulong to, int blocksPerRequest, CancellationToken cancellationToken)
    {
        var source = new RpcChainLogSource(rpcUrl);
        var decoder = new ChainLogDecoder(contracts);
        var events = new List<ChainEvent>();
        var logs = 0;
        var cpu = Environment.CpuUsage.TotalTime;
        var started = Stopwatch.GetTimestamp();
        for (var first = from; first <= to; first += (ulong)blocksPerRequest)
        {
            var last = Math.Min(to, first + (ulong)blocksPerRequest - 1);
            var chunk = await source.GetLogsAsync(first, last, decoder.Addresses, cancellationToken);
            logs += chunk.Count;
            foreach (var log in chunk)
            {
                if (decoder.Decode(log).Event is { } chainEvent) events.Add(chainEvent);
            }
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpuUsed = Environment.CpuUsage.TotalTime - cpu;
        var expectation = new MirrorExpectation();
        foreach (var chainEvent in events) expectation.Add(chainEvent);
        return new Pass(logs, events.Count, elapsed, cpuUsed, expectation);
    }
}
