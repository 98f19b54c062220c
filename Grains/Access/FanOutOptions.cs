using System.ComponentModel.DataAnnotations;

namespace MedRec.Grains.Access;

/// <summary>How long a whole-history read waits for the providers ("MedRec:FanOut").</summary>
public sealed class FanOutOptions
{
    public const string Section = "MedRec:FanOut";

    /// <summary>Providers that have not answered by then are reported as timed out; the rest is returned.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(5);
}
