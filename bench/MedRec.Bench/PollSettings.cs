using MedRec.ChainIndexer.Indexing;
using MedRec.Silo;

namespace MedRec.Bench;

/// <summary>Silo settings that shorten the two polls between a block and the mirror: the indexer's head poll
/// (<c>MedRec:Indexer:PollInterval</c>) and the chain-event streams' queue poll (<c>MedRec:Streams:QueuePollInterval</c>).</summary>
public static class PollSettings
{
    public static Dictionary<string, string?> Both(TimeSpan interval) => new()
    {
        [$"{ChainIndexerOptions.Section}:{nameof(ChainIndexerOptions.PollInterval)}"] = interval.ToString(),
        [$"{ChainStreamOptions.Section}:{nameof(ChainStreamOptions.QueuePollInterval)}"] = interval.ToString(),
    };

    public static string Describe(TimeSpan indexerPoll, TimeSpan queuePoll) =>
        $"indexer poll {indexerPoll.TotalMilliseconds:0} ms, stream queue poll {queuePoll.TotalMilliseconds:0} ms";
}
