using MedRec.ChainIndexer.Indexing;
using MedRec.Grains.Abstractions.Telemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace MedRec.Silo.ServiceDefaults;

/// <summary>The activity sources and meters MedRec exports, in one list for the hosts and the tests.</summary>
public static class TelemetryProviderBuilderExtensions
{
    /// <summary>Orleans' grain-call spans (client and server side; they carry the trace across grain calls once
    /// Orleans' distributed tracing is on), MedRec's own spans, and Npgsql's spans under the provider-store spans.</summary>
    public static TracerProviderBuilder AddMedRecSources(this TracerProviderBuilder tracing) => tracing
        .AddSource("Microsoft.Orleans.Application")
        .AddSource("Microsoft.Orleans.Runtime")
        .AddSource(MedRecTelemetry.Name)
        .AddSource("Npgsql");

    /// <summary>Orleans' meters, MedRec's own meter (gatekeeper decisions, fan-out latency) and the indexer's
    /// (block, head, lag, events, reorgs).</summary>
    public static MeterProviderBuilder AddMedRecMeters(this MeterProviderBuilder metrics) => metrics
        .AddMeter("Microsoft.Orleans")
        .AddMeter(MedRecTelemetry.Name)
        .AddMeter(IndexerMetrics.MeterName);
}
