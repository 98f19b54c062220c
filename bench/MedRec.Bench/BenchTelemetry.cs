using System.Diagnostics;
using MedRec.Silo.ServiceDefaults;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace MedRec.Bench;

/// <summary>
/// With MEDREC_BENCH_TELEMETRY=1, a benchmark runs as a host with the service defaults and an exporter would: every
/// MedRec and Orleans span recorded and batched, metrics collected, then dropped instead of sent, so a figure shows
/// what the instrumentation costs without a collector's network in it.
/// </summary>
public sealed class BenchTelemetry : IDisposable
{
    private readonly TracerProvider _tracing;
    private readonly MeterProvider _metrics;

    private BenchTelemetry()
    {
        _tracing = Sdk.CreateTracerProviderBuilder().AddMedRecSources()
            .AddProcessor(new BatchActivityExportProcessor(new DroppingExporter<Activity>())).Build();
        _metrics = Sdk.CreateMeterProviderBuilder().AddMedRecMeters()
            .AddReader(new PeriodicExportingMetricReader(new DroppingExporter<Metric>(), 1_000)).Build();
    }

    public static bool Enabled => Environment.GetEnvironmentVariable("MEDREC_BENCH_TELEMETRY") == "1";

    /// <summary>The silo setting that goes with it: Orleans' grain-call spans, as the service defaults switch them on.</summary>
    public static string OrleansTracing => Enabled ? "true" : "false";

    public static BenchTelemetry? StartIfEnabled() => Enabled ? new BenchTelemetry() : null;

    public void Dispose()
    {
        _tracing.Dispose();
        _metrics.Dispose();
    }

    private sealed class DroppingExporter<T> : BaseExporter<T> where T : class
    {
        public override ExportResult Export(in Batch<T> batch) => ExportResult.Success;
    }
}
