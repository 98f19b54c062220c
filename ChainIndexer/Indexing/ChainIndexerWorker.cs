using MedRec.ChainIndexer.Chain;
using MedRec.Grains.Abstractions.Chain;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MedRec.ChainIndexer.Indexing;

/// <summary>Hosts the chain indexer: in the silo by default, or in a standalone Orleans client process.</summary>
public sealed partial class ChainIndexerWorker(
    IOptions<ChainIndexerOptions> options,
    IClusterClient client,
    IndexerMetrics metrics,
    ILoggerFactory loggerFactory) : BackgroundService
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<ChainIndexerWorker>();

    public ChainIndexerService? Service { get; private set; }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled) return;

        var deployment = await WaitForDeploymentAsync(settings.DeploymentFile, stoppingToken);
        if (deployment is null) return;

        var rpcUrl = settings.RpcUrl ?? deployment.RpcUrl;
        LogStarting(_logger, rpcUrl, deployment.Contracts.Registrar, settings.Confirmations);
        Service = new ChainIndexerService(
            deployment,
            settings,
            new RpcChainLogSource(rpcUrl),
            new MirrorPublisher(client),
            client.GetGrain<IIndexerCheckpointGrain>(deployment.Contracts.Registrar.ToLowerInvariant()),
            metrics,
            loggerFactory.CreateLogger<ChainIndexerService>());
        await Service.RunAsync(stoppingToken);
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

    [LoggerMessage(Level = LogLevel.Information, Message = "Chain indexer reading {RpcUrl} for the deployment at {Registrar}, {Confirmations} confirmations")]
    private static partial void LogStarting(ILogger logger, string rpcUrl, string registrar, int confirmations);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Chain indexer waiting for the deployment file {Path}")]
    private static partial void LogWaitingForDeployment(ILogger logger, string path);
}
