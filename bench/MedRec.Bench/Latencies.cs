using System.Diagnostics;

namespace MedRec.Bench;

/// <summary>Latency samples in milliseconds, summarised by nearest-rank percentiles.</summary>
public sealed class Latencies
{
    private readonly List<double> _milliseconds = [];
    private List<double>? _sorted;

    public int Count => _milliseconds.Count;

    public void Add(double milliseconds)
    {
        _milliseconds.Add(milliseconds);
        _sorted = null;
    }

    /// <summary>Adds the time from <paramref name="startTimestamp"/> (a <see cref="Stopwatch"/> timestamp) until now.</summary>
    public void AddSince(long startTimestamp) => Add(Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds);

    public void AddRange(Latencies other)
    {
        _milliseconds.AddRange(other._milliseconds);
        _sorted = null;
    }

    /// <summary>The smallest sample that at least <paramref name="fraction"/> of the samples do not exceed.</summary>
    public double Percentile(double fraction)
    {
        var sorted = _sorted ??= _milliseconds.Order().ToList();
        if (sorted.Count == 0) throw new InvalidOperationException("No latency was measured.");
        var rank = (int)Math.Ceiling(fraction * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public double Max => Percentile(1);

    public double Mean => _milliseconds.Count == 0 ? throw new InvalidOperationException("No latency was measured.") : _milliseconds.Average();

    /// <summary>The markdown cells "samples | p50 | p99 | max" the latency tables share.</summary>
    public string Cells() => $"{Count} | {Format(Percentile(0.5))} | {Format(Percentile(0.99))} | {Format(Max)}";

    /// <summary>Milliseconds with a precision that suits the value (0.004, 0.35, 4.2, 87).</summary>
    public static string Format(double milliseconds) => milliseconds switch
    {
        < 0.1 => $"{milliseconds:0.000}",
        < 1 => $"{milliseconds:0.00}",
        < 10 => $"{milliseconds:0.0}",
        _ => $"{milliseconds:N0}",
    };
}
