using OpenTelemetry.Exporter;

namespace MedRec.Silo.ServiceDefaults;

/// <summary>Where traces, metrics and logs go; bound from <see cref="Section"/>. Nothing is exported unless an OTLP
/// endpoint is set (here or in OTEL_EXPORTER_OTLP_ENDPOINT) or the console exporter is switched on.</summary>
public sealed class TelemetryOptions
{
    public const string Section = "MedRec:Telemetry";

    /// <summary>The OTLP collector; when unset, the standard OTEL_EXPORTER_OTLP_ENDPOINT is used, and when that is
    /// unset too, nothing is exported over OTLP.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>The OTLP protocol; when unset, OTEL_EXPORTER_OTLP_PROTOCOL (grpc or http/protobuf), else gRPC.</summary>
    public OtlpExportProtocol? OtlpProtocol { get; set; }

    /// <summary>Also write spans and metrics to the console: off by default, since it drowns the logs.</summary>
    public bool ConsoleExporter { get; set; }

    /// <summary>The service name on every span and metric; when unset, OTEL_SERVICE_NAME, else the application name.</summary>
    public string? ServiceName { get; set; }
}
