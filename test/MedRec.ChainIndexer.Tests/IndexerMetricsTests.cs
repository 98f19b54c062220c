using System.Diagnostics.Metrics;
using MedRec.ChainIndexer.Indexing;

namespace MedRec.ChainIndexer.Tests;

/// <summary>The indexer's meter as an exporter reads it: the lag gauge is the head minus the last applied block.</summary>
public sealed class IndexerMetricsTests
{
    [Fact]
    public void The_lag_gauge_is_the_head_minus_the_last_applied_block_and_never_negative()
    {
        using var factory = new RecordingMeterFactory();
        using var metrics = new IndexerMetrics(factory);
        var observed = new Dictionary<string, long>();
        using var listener = new MeterListener
        {
            // Only this instance's meter: other indexers in the process report under the same name.
            InstrumentPublished = (instrument, l) =>
            {
                if (factory.Created.Contains(instrument.Meter)) l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => observed[instrument.Name] = value);
        listener.Start();

        metrics.Progress(currentBlock: 90, head: 100);
        listener.RecordObservableInstruments();
        Assert.Equal(IndexerMetrics.MeterName, Assert.Single(factory.Created).Name);
        Assert.Equal(10, observed["medrec.indexer.lag"]);
        Assert.Equal(90, observed["medrec.indexer.block"]);
        Assert.Equal(100, observed["medrec.indexer.head"]);

        // Applied past the head last seen (the head moved back in a reorg): no lag, not a negative one.
        metrics.Progress(currentBlock: 101, head: 100);
        listener.RecordObservableInstruments();
        Assert.Equal(0, observed["medrec.indexer.lag"]);
    }

    private sealed class RecordingMeterFactory : IMeterFactory
    {
        public List<Meter> Created { get; } = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            Created.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in Created) meter.Dispose();
        }
    }
}
