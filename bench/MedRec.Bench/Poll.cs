using System.Diagnostics;

namespace MedRec.Bench;

/// <summary>Polls a condition every millisecond, as the latency figures time their effects.</summary>
public static class Poll
{
    /// <exception cref="TimeoutException">Not reached within <paramref name="timeout"/>; the message names <paramref name="what"/>.</exception>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!await condition())
        {
            if (Stopwatch.GetTimestamp() > deadline) throw new TimeoutException($"Not reached within {timeout.TotalSeconds} s: {what}.");
            await Task.Delay(1, cancellationToken);
        }
    }
}
