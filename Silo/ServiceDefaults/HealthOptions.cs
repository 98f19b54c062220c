using System.ComponentModel.DataAnnotations;

namespace MedRec.Silo.ServiceDefaults;

/// <summary>The readiness checks' limits, bound from <see cref="Section"/>.</summary>
public sealed class HealthOptions
{
    public const string Section = "MedRec:Health";

    /// <summary>How long one check (the chain, the cluster, all provider stores) may take before it counts as failed: a
    /// database that accepts connections and never answers must not hold the probe open.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan CheckTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
