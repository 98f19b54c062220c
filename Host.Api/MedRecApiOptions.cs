using System.ComponentModel.DataAnnotations;

namespace MedRec.Host.Api;

/// <summary>The API host, bound from <c>MedRec:Api</c>.</summary>
public sealed class MedRecApiOptions
{
    public const string Section = "MedRec:Api";

    /// <summary>Co-host a silo in this process (the embedded default) or connect to a cluster as an Orleans client.</summary>
    public ApiSiloMode Silo { get; set; } = ApiSiloMode.CoHosted;

    /// <summary>The co-hosted silo's port (0: a free loopback port, for tests and side-by-side hosts).</summary>
    [Range(0, 65535)]
    public int SiloPort { get; set; } = 11111;

    /// <summary>The co-hosted silo's gateway port, or the gateway a client connects to with localhost clustering
    /// (0 for a co-hosted silo: a free loopback port).</summary>
    [Range(0, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The longest <c>waitSeconds</c> of GET /api/operations/{hash}.</summary>
    [Range(0, 300)]
    public int MaxOperationWaitSeconds { get; set; } = 30;
}
