using System.Diagnostics;
using System.Globalization;

namespace MedRec.Bench;

/// <summary>Timed runs of an operation: one caller after another (latency) or many at once (throughput).</summary>
public static class Measurements
{
    /// <summary>Runs <paramref name="operation"/> <paramref name="warmUp"/> times untimed, then <paramref name="count"/>
    /// times one after another, timing each.</summary>
    public static async Task<Latencies> MeasureAsync(int warmUp, int count, Func<int, Task> operation)
    {
        for (var i = 0; i < warmUp; i++) await operation(i);
        var latencies = new Latencies();
        for (var i = 0; i < count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await operation(warmUp + i);
            latencies.AddSince(started);
        }

        return latencies;
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

    public static string Rate(double value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
