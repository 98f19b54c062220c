using System.Diagnostics;
using Microsoft.Extensions.Hosting;

namespace MedRec.Bench;

/// <summary>A hosted service registered between the silo and the indexer: it records when the indexer is started.</summary>
public sealed class IndexerStartMark : IHostedService
{
    /// <summary>A <see cref="Stopwatch"/> timestamp.</summary>
    public long Timestamp { get; private set; }

    /// <summary>This process's CPU time used until then.</summary>
    public TimeSpan CpuTime { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        CpuTime = Environment.CpuUsage.TotalTime;
        Timestamp = Stopwatch.GetTimestamp();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
