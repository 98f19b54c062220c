namespace MedRec.Grains.Abstractions.Research;

/// <summary>How patients are spread over the cohort shards: by the first hex digit of the address (16 shards).</summary>
public static class ResearchCohort
{
    public static IReadOnlyList<string> Shards { get; } = Enumerable.Range(0, 16).Select(i => i.ToString("x", System.Globalization.CultureInfo.InvariantCulture)).ToList();

    /// <summary>The shard key of a lowercase 0x address.</summary>
    public static string ShardOf(string address) =>
        address is { Length: > 2 } && Uri.IsHexDigit(address[2])
            ? char.ToLowerInvariant(address[2]).ToString()
            : throw new ArgumentException($"'{address}' is not a 0x-hex address.", nameof(address));
}
