using System.Diagnostics;
using System.Globalization;

namespace MedRec.Bench;

/// <summary>Timed runs of an operation by a number of concurrent callers, every call timed.</summary>
public static class Measurements
{
    /// <summary>What one timed run gave: every call's latency, calls per second of wall time, this process's CPU time
    /// per call (the silo and the callers) and, when asked for, another process tree's (PostgreSQL's).</summary>
    public sealed record Run(int Callers, Latencies Latencies, double PerSecond, TimeSpan CpuPerCall, TimeSpan? ExternalCpuPerCall)
    {
        public double P50 => Latencies.Percentile(0.50);
        public double P99 => Latencies.Percentile(0.99);
    }

    /// <summary>
    /// Runs <paramref name="operation"/> <paramref name="warmUp"/> times untimed, then <paramref name="count"/> times
    /// timed, each time by <paramref name="callers"/> concurrent callers that take the next index (0, 1, 2 ... over
    /// warm-up and timed calls together) until all are done. With one caller, calls run one after another.
    /// <paramref name="externalCpu"/> reads another process tree's CPU time, sampled before and after the timed calls.
    /// </summary>
    public static async Task<Run> TimeAsync(int callers, int warmUp, int count, Func<int, Task> operation, Func<TimeSpan?>? externalCpu = null)
    {
        await DriveAsync(callers, 0, warmUp, operation, timed: null);
        var perCaller = Enumerable.Range(0, callers).Select(_ => new Latencies()).ToArray();
        var external = externalCpu?.Invoke();
        var cpu = Environment.CpuUsage.TotalTime;
        var started = Stopwatch.GetTimestamp();
        await DriveAsync(callers, warmUp, count, operation, perCaller);
        var elapsed = Stopwatch.GetElapsedTime(started);
        var cpuPerCall = (Environment.CpuUsage.TotalTime - cpu) / count;
        var externalAfter = externalCpu?.Invoke();
        TimeSpan? externalPerCall = external is { } before && externalAfter is { } after ? (after - before) / count : null;

        var all = new Latencies();
        foreach (var latencies in perCaller) all.AddRange(latencies);
        return new Run(callers, all, count / elapsed.TotalSeconds, cpuPerCall, externalPerCall);
    }

    public static string Rate(double value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static Task DriveAsync(int callers, int offset, int count, Func<int, Task> operation, Latencies[]? timed)
    {
        var next = -1;
        return Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            while (true)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= count) return;
                var started = Stopwatch.GetTimestamp();
                await operation(offset + i);
                timed?[caller].AddSince(started);
            }
        })));
    }
}
