using System.Diagnostics;
using System.Globalization;

namespace MedRec.Bench;

/// <summary>Latencies of one measured operation, in milliseconds: percentiles by the nearest-rank method.</summary>
public sealed class LatencySample(string name)
{
    private readonly List<double> _milliseconds = [];

    public string Name { get; } = name;
    public int Count => _milliseconds.Count;
    public double Mean => _milliseconds.Average();

    public void Add(TimeSpan elapsed) => _milliseconds.Add(elapsed.TotalMilliseconds);

    public double Percentile(double p)
    {
        var sorted = _milliseconds.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary>Runs <paramref name="operation"/> <paramref name="warmUp"/> times untimed, then <paramref name="count"/>
    /// times one after another, timing each.</summary>
    public static async Task<LatencySample> MeasureAsync(string name, int warmUp, int count, Func<int, Task> operation)
    {
        for (var i = 0; i < warmUp; i++) await operation(i);
        var sample = new LatencySample(name);
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await operation(warmUp + i);
            sample.Add(Stopwatch.GetElapsedTime(started));
        }

        return sample;
    }

    /// <summary>Operations per second with <paramref name="workers"/> concurrent callers for <paramref name="duration"/>.</summary>
    public static async Task<double> ThroughputAsync(int workers, TimeSpan duration, Func<Task> operation)
    {
        long done = 0;
        var until = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var started = Stopwatch.GetTimestamp();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async _ =>
        {
            while (Stopwatch.GetTimestamp() < until)
            {
                await operation();
                Interlocked.Increment(ref done);
            }
        }));
        return done / Stopwatch.GetElapsedTime(started).TotalSeconds;
    }

    public static string Ms(double value) => value.ToString(value < 1 ? "0.000" : "0.0", CultureInfo.InvariantCulture);

    public static string Rate(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
