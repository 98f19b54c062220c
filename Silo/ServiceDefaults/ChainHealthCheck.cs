using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Indexing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Nethereum.Web3;

namespace MedRec.Silo.ServiceDefaults;

/// <summary>Ready when the deployment's chain answers eth_blockNumber. The RPC URL comes from MedRec:Indexer (its RpcUrl,
/// else the deployment file's), which the API host shares with the silo.</summary>
public sealed class ChainHealthCheck(IConfiguration configuration) : IHealthCheck
{
    public const string Name = "chain";

    private Web3? _web3;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        Web3 web3;
        try
        {
            web3 = _web3 ??= new Web3(RpcUrl());
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException or System.Text.Json.JsonException or UriFormatException)
        {
            return HealthCheckResult.Unhealthy("no usable deployment: " + e.GetType().Name);
        }

        try
        {
            var block = await web3.Eth.Blocks.GetBlockNumber.SendRequestAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy($"block {block.Value}");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The type only: an RPC error's message can quote the node's URL, which may carry an API key.
            return HealthCheckResult.Unhealthy("the chain's RPC endpoint did not answer eth_blockNumber: " + e.GetType().Name);
        }
    }

    private string RpcUrl()
    {
        var options = configuration.GetSection(ChainIndexerOptions.Section).Get<ChainIndexerOptions>() ?? new ChainIndexerOptions();
        return options.RpcUrl ?? DeploymentFile.Read(options.DeploymentFile).RpcUrl;
    }
}
