using System.ComponentModel.DataAnnotations;

namespace MedRec.Silo;

/// <summary>The chain-event streams' delivery, bound from the <c>MedRec:Streams</c> configuration section.</summary>
public sealed class ChainStreamOptions
{
    public const string Section = "MedRec:Streams";

    /// <summary>How often each pulling agent looks for new events in its queue when it found none (Orleans' default is
    /// 100 ms). Part of the time from a block to the mirror; each agent costs one local grain call per interval.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromMilliseconds(100);
}
