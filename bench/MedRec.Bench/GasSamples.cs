namespace MedRec.Bench;

/// <summary>Gas used per operation over repeated runs, summarised as median and range.</summary>
public sealed class GasSamples
{
    private readonly Dictionary<string, List<long>> _samples = [];

    public void Add(string operation, long gas)
    {
        if (!_samples.TryGetValue(operation, out var list)) _samples[operation] = list = [];
        list.Add(gas);
    }

    public Summary Of(string operation) =>
        _samples.TryGetValue(operation, out var list) && list.Count > 0
            ? new Summary(list.Order().ElementAt(list.Count / 2), list.Min(), list.Max(), list.Count)
            : throw new InvalidOperationException($"No gas was measured for '{operation}'.");

    /// <summary>Median (upper median for an even count), minimum and maximum of one operation's samples.</summary>
    public readonly record struct Summary(long Median, long Min, long Max, int Count)
    {
        public override string ToString() => Min == Max ? $"{Median:N0}" : $"{Median:N0} ({Min:N0}-{Max:N0})";
    }
}
