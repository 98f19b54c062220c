using MedRec.ChainIndexer.Contracts.AuditAnchors;
using MedRec.ChainIndexer.Contracts.EmergencyAccess;
using MedRec.ChainIndexer.Contracts.Registrar;
using MedRec.ChainIndexer.Contracts.Relationships;
using MedRec.ChainIndexer.Contracts.Summary;
using Nethereum.Contracts;
using Nethereum.RPC.Eth.DTOs;

namespace MedRec.ChainIndexer.Chain;

/// <summary>
/// Deploys the Registrar, the Summary and the Patient-Provider Relationships contract, and binds the Summary to the
/// relationships contract; then the audit anchors contract (docs/adr/0010-audit-anchors.md) and the emergency access
/// contract (docs/adr/0011-break-the-glass.md). The deploying key becomes the root certifying authority.
/// </summary>
public static class ContractDeployer
{
    public static async Task<Deployment> DeployAsync(
        ParticipantClient deployer, byte[] rootIdentityHash, CancellationToken cancellationToken = default)
    {
        var web3 = deployer.Web3;
        var registrar = await DeployOneAsync(deployer, new RegistrarDeployment { RootIdentityHash = rootIdentityHash }, cancellationToken);
        var summary = await DeployOneAsync(deployer, new SummaryDeployment { Registrar = registrar.ContractAddress }, cancellationToken);
        var relationships = await DeployOneAsync(deployer,
            new RelationshipsDeployment { Registrar = registrar.ContractAddress, Summary = summary.ContractAddress }, cancellationToken);

        var anchors = await DeployOneAsync(deployer, new AuditAnchorsDeployment { Registrar = registrar.ContractAddress }, cancellationToken);

        var emergency = await DeployOneAsync(deployer, new EmergencyAccessDeployment { Registrar = registrar.ContractAddress }, cancellationToken);

        var contracts = new ContractAddresses(registrar.ContractAddress, summary.ContractAddress, relationships.ContractAddress,
            anchors.ContractAddress, emergency.ContractAddress);
        var bound = deployer.WithContracts(contracts);
        await bound.SendAsync(summary.ContractAddress,
            new BindRelationshipsFunction { Relationships = relationships.ContractAddress }, cancellationToken);

        var chainId = await web3.Eth.ChainId.SendRequestAsync();
        return new Deployment(
            (long)chainId.Value,
            deployer.RpcUrl,
            deployer.Address,
            contracts,
            (ulong)registrar.BlockNumber.Value,
            DateTimeOffset.UtcNow);
    }

    private static async Task<TransactionReceipt> DeployOneAsync<TDeployment>(
        ParticipantClient deployer, TDeployment deployment, CancellationToken cancellationToken)
        where TDeployment : ContractDeploymentMessage, new()
    {
        var handler = deployer.Web3.Eth.GetContractDeploymentHandler<TDeployment>();
        var receipt = await handler.SendRequestAndWaitForReceiptAsync(deployment, cancellationToken);
        if (receipt.Status?.Value != 1 || string.IsNullOrEmpty(receipt.ContractAddress))
        {
            throw new InvalidOperationException($"Deploying {typeof(TDeployment).Name} failed (transaction {receipt.TransactionHash}).");
        }

        return receipt;
    }
}
