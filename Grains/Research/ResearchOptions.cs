using System.ComponentModel.DataAnnotations;

namespace MedRec.Grains.Research;

/// <summary>Research aggregates ("MedRec:Research"): the k of k-anonymity, the fan-out deadline and the fair-use quota.</summary>
public sealed class ResearchOptions
{
    public const string Section = "MedRec:Research";

    /// <summary>A cell is released only with at least this many distinct (opted-in) patients.</summary>
    [Range(2, 1_000_000)]
    public int K { get; set; } = 10;

    /// <summary>Providers that have not answered by then are left out (and reported as timed out).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan Deadline { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Off: no quota at all (a private deployment, a benchmark).</summary>
    public bool QuotaEnabled { get; set; } = true;

    /// <summary>Queries per 24 hours for a researcher whose validator sealed every block of the window; a validator
    /// with share s of the window earns floor(s x this).</summary>
    [Range(0, 1_000_000)]
    public int QueriesPerDayAtFullShare { get; set; } = 1000;

    /// <summary>Queries per 24 hours every registered researcher has, whatever its validator sealed.</summary>
    [Range(0, 1_000_000)]
    public int MinimumQueriesPerDay { get; set; }

    /// <summary>How many of the latest blocks the validator's share is counted over (their <c>miner</c> field).</summary>
    [Range(1, 100_000)]
    public int WindowBlocks { get; set; } = 256;

    /// <summary>How long a counted window is reused before the chain is read again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ParticipationCacheTime { get; set; } = TimeSpan.FromSeconds(5);
}
