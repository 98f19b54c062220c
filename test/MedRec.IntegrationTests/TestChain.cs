using MedRec.ChainIndexer.Chain;
using Nethereum.Signer;

namespace MedRec.IntegrationTests;

/// <summary>A throwaway anvil with the three contracts deployed by a fresh root certifier key.</summary>
public sealed class TestChain : IChainWorld, IAsyncDisposable
{
    private TestChain(AnvilNode node, Deployment deployment, ParticipantClient root)
    {
        Node = node;
        Deployment = deployment;
        Root = root;
    }

    public AnvilNode Node { get; }
    public Deployment Deployment { get; }
    public ParticipantClient Root { get; }

    public static async Task<TestChain> StartAsync(byte[]? rootIdentity = null)
    {
        var node = await AnvilNode.StartAsync();
        var root = await NewAccountAsync(node, new ContractAddresses("", "", ""));
        var deployment = await ContractDeployer.DeployAsync(root, rootIdentity ?? ChainFixture.RandomBytes32());
        return new TestChain(node, deployment, root.WithContracts(deployment.Contracts));
    }

    public Task<ParticipantClient> NewAccountAsync() => NewAccountAsync(Node, Deployment.Contracts);

    private static async Task<ParticipantClient> NewAccountAsync(AnvilNode node, ContractAddresses contracts)
    {
        var key = EthECKey.GenerateKey();
        await node.FundAsync(key.GetPublicAddress());
        return new ParticipantClient(node.RpcUrl, node.ChainId, key, contracts);
    }

    public ValueTask DisposeAsync() => Node.DisposeAsync();
}
