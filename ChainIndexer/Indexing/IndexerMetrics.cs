using System.Diagnostics.Metrics;

namespace MedRec.ChainIndexer.Indexing;

/// <summary>Indexing progress as metrics (meter "MedRec.ChainIndexer"): current block, head, lag, events, skips, reorgs.</summary>
public sealed class IndexerMetrics : IDisposable
{
    public const string MeterName = "MedRec.ChainIndexer";
    private readonly Meter _meter;
    private readonly Counter<long> _events;
    private readonly Counter<long> _skipped;
    private readonly Counter<long> _reorgs;
    private long _currentBlock;
    private long _head;

    public IndexerMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _events = _meter.CreateCounter<long>("medrec.indexer.events", "{event}", "Chain events applied to the mirror");
        _skipped = _meter.CreateCounter<long>("medrec.indexer.logs_skipped", "{log}", "Logs skipped as unknown or undecodable");
        _reorgs = _meter.CreateCounter<long>("medrec.indexer.reorgs", "{reorg}", "Reorgs detected and undone");
        _meter.CreateObservableGauge("medrec.indexer.block", () => Interlocked.Read(ref _currentBlock), "{block}", "Last block applied");
        _meter.CreateObservableGauge("medrec.indexer.head", () => Interlocked.Read(ref _head), "{block}", "Chain head seen");
        _meter.CreateObservableGauge("medrec.indexer.lag", () => Math.Max(0, Interlocked.Read(ref _head) - Interlocked.Read(ref _currentBlock)),
            "{block}", "Blocks between the head and the last block applied");
    }

    public long SkippedLogs { get; private set; }
    public long Events { get; private set; }
    public long ReorgCount { get; private set; }
    public long CurrentBlock => Interlocked.Read(ref _currentBlock);
    public long Head => Interlocked.Read(ref _head);

    public void Progress(ulong currentBlock, ulong head)
    {
        Interlocked.Exchange(ref _currentBlock, (long)currentBlock);
        Interlocked.Exchange(ref _head, (long)head);
    }

    public void Applied(int count)
    {
        Events += count;
        _events.Add(count);
    }

    public void Skipped(string reason)
    {
        SkippedLogs++;
        _skipped.Add(1, new KeyValuePair<string, object?>("reason", reason));
    }

    public void Reorg()
    {
        ReorgCount++;
        _reorgs.Add(1);
    }

    public void Dispose() => _meter.Dispose();
}
