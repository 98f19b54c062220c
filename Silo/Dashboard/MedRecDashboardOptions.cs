using System.ComponentModel.DataAnnotations;
using System.Net;

namespace MedRec.Silo.Dashboard;

/// <summary>Orleans Dashboard on a silo, bound from the <c>MedRec:Dashboard</c> configuration section. Off unless
/// <see cref="Enabled"/>: its grain-call filter profiles every call, and it has no authentication of its own.</summary>
public sealed class MedRecDashboardOptions : IValidatableObject
{
    public const string Section = "MedRec:Dashboard";

    public bool Enabled { get; set; }

    /// <summary>The dashboard's own HTTP port, apart from any API the host serves (0: a free port).</summary>
    [Range(0, 65535)]
    public int Port { get; set; } = 8090;

    /// <summary>The address it listens on: loopback by default, so it is reached through a port-forward or a proxy that
    /// adds authentication; <c>0.0.0.0</c> exposes it to the network.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>The path the dashboard is served under.</summary>
    public string Path { get; set; } = "/dashboard";

    /// <summary>How often the dashboard samples the silos' counters (Orleans' minimum is 1 s).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan CounterUpdateInterval { get; set; } = TimeSpan.FromSeconds(1);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPAddress.TryParse(ListenAddress, out _))
        {
            yield return new ValidationResult($"{Section}:ListenAddress must be an IP address, not '{ListenAddress}'.", [nameof(ListenAddress)]);
        }

        if (!Path.StartsWith('/') || Path.Length > 1 && Path.EndsWith('/'))
        {
            yield return new ValidationResult($"{Section}:Path must start with '/' and not end with one, not '{Path}'.", [nameof(Path)]);
        }
    }
}
