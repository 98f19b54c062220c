using System.Diagnostics;
using MedRec.ChainIndexer.Chain;
using MedRec.Grains.Abstractions.Chain;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MedRec.ChainIndexer.Indexing;

/// <summary>
/// Hosts the chain indexer: in the silo by default, or in a standalone Orleans client process. Every host runs this
/// worker, but only the holder of the deployment's <see cref="IIndexerLeaseGrain"/> indexes: one indexer per cluster.
/// The holder renews the lease every <see cref="ChainIndexerOptions.LeaseRenewInterval"/> and stops indexing as soon as
/// its own copy of the lease would have run out unrenewed, so it has stopped before anyone else can take the lease. A
/// new holder resumes from the checkpoint; events re-published by an overlap are applied once (the mirror dedupes).
/// </summary>
public sealed partial class ChainIndexerWorker(
    IOptions<ChainIndexerOptions> options,
    IClusterClient client,
    IndexerMetrics metrics,
    ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<ChainIndexerWorker>();

    /// <summary>This host's name in the lease: machine, process and a per-start suffix.</summary>
    public string Holder { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    /// <summary>The indexer this host ran last (null until it first held the lease).</summary>
    public ChainIndexerService? Service { get; private set; }

    /// <summary>Whether this host is indexing now (holds the lease).</summary>
    public bool IsIndexing => _run is { IsCompleted: false };

    private Task? _run;
    private CancellationTokenSource? _runStop;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled) return;

        var deployment = await WaitForDeploymentAsync(settings.DeploymentFile, stoppingToken);
        if (deployment is null) return;

        var key = deployment.Contracts.Registrar.ToLowerInvariant();
        var lease = client.GetGrain<IIndexerLeaseGrain>(key);
        var heldUntil = 0L; // Stopwatch timestamp: when this host's lease runs out, as this host counts
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var askedAt = Stopwatch.GetTimestamp();
                IndexerLease? answer = null;
                try
                {
                    answer = await lease.AcquireAsync(Holder, settings.LeaseDuration).WaitAsync(settings.LeaseRenewInterval, stoppingToken);
                }
                catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception ex)
                {
                    LogLeaseUnreachable(_logger, ex);
                }

                if (answer is not null && answer.Holder == Holder)
                {
                    heldUntil = askedAt + (long)(settings.LeaseDuration.TotalSeconds * Stopwatch.Frequency);
                    if (!IsIndexing) StartIndexing(deployment, settings, answer.Epoch, stoppingToken);
                }
                else if (answer is not null && IsIndexing)
                {
                    await StopIndexingAsync($"the lease is held by {answer.Holder}");
                }

                if (IsIndexing && Stopwatch.GetTimestamp() >= heldUntil) await StopIndexingAsync("the lease could not be renewed in time");
                await Task.Delay(settings.LeaseRenewInterval, stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
            }
        }
        finally
        {
            if (IsIndexing) await StopIndexingAsync("the host is stopping");
            if (heldUntil != 0) await ReleaseAsync(lease);
        }
    }

    private void StartIndexing(Deployment deployment, ChainIndexerOptions settings, long epoch, CancellationToken stoppingToken)
    {
        var rpcUrl = settings.RpcUrl ?? deployment.RpcUrl;
        LogStarting(_logger, rpcUrl, deployment.Contracts.Registrar, settings.Confirmations, Holder, epoch);
        // A fresh service each time: it reads the checkpoint another holder may have moved since.
        Service = new ChainIndexerService(
            deployment,
            settings,
            new RpcChainLogSource(rpcUrl),
            new MirrorPublisher(client),
            client.GetGrain<IIndexerCheckpointGrain>(deployment.Contracts.Registrar.ToLowerInvariant()),
            metrics,
            loggerFactory.CreateLogger<ChainIndexerService>());
        _runStop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        _run = Service.RunAsync(_runStop.Token);
    }

    private async Task StopIndexingAsync(string why)
    {
        LogStopping(_logger, Holder, why);
        _runStop?.Cancel();
        try
        {
            if (_run is not null) await _run;
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            _runStop?.Dispose();
            (_run, _runStop) = (null, null);
        }
    }

    private async Task ReleaseAsync(IIndexerLeaseGrain lease)
    {
        try
        {
            await lease.ReleaseAsync(Holder).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex)
        {
            // The lease then runs out on its own.
            LogReleaseFailed(_logger, ex);
        }
    }

    private async Task<Deployment?> WaitForDeploymentAsync(string path, CancellationToken stoppingToken)
    {
        var warned = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                return await DeploymentFile.ReadAsync(path, stoppingToken);
            }
            catch (FileNotFoundException)
            {
                if (!warned) LogWaitingForDeployment(_logger, Path.GetFullPath(path));
                warned = true;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, CancellationToken.None);
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Chain indexer reading {RpcUrl} for the deployment at {Registrar}, {Confirmations} confirmations, as lease holder {Holder} (epoch {Epoch})")]
    private static partial void LogStarting(ILogger logger, string rpcUrl, string registrar, int confirmations, string holder, long epoch);

    [LoggerMessage(Level = LogLevel.Information, Message = "Chain indexer {Holder} stops indexing: {Why}")]
    private static partial void LogStopping(ILogger logger, string holder, string why);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The indexer lease could not be asked for; retrying")]
    private static partial void LogLeaseUnreachable(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The indexer lease could not be released; it runs out on its own")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chain indexer waiting for the deployment file {Path}")]
    private static partial void LogWaitingForDeployment(ILogger logger, string path);
}
