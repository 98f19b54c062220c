using System.Security.Cryptography;
using MedRec.ChainIndexer.Chain;
using Nethereum.Signer;

namespace MedRec.Bench;

/// <summary>A throwaway anvil with the three MedRec contracts deployed by a fresh root certifier key.</summary>
public sealed class BenchChain : IAsyncDisposable
{
    private BenchChain(AnvilNode node, Deployment deployment, ParticipantClient root, string clientVersion)
    {
        Node = node;
        Deployment = deployment;
        Root = root;
        ClientVersion = clientVersion;
        Reader = new ChainReader(node.RpcUrl, deployment.Contracts);
    }

    public AnvilNode Node { get; }
    public Deployment Deployment { get; }
    public ParticipantClient Root { get; }
    public ChainReader Reader { get; }

    /// <summary>anvil's web3_clientVersion, for the table's caption.</summary>
    public string ClientVersion { get; }

    public static async Task<BenchChain> StartAsync(CancellationToken cancellationToken)
    {
        var node = await AnvilNode.StartAsync(cancellationToken: cancellationToken);
        try
        {
            var clientVersion = await node.Web3.Client.SendRequestAsync<string>("web3_clientVersion");
            var root = await NewParticipantAsync(node, new ContractAddresses("", "", ""));
            var deployment = await ContractDeployer.DeployAsync(root, NewIdentity(), cancellationToken);
            return new BenchChain(node, deployment, root.WithContracts(deployment.Contracts), clientVersion);
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>A funded participant with a fresh key (not registered on the Registrar).</summary>
    public Task<ParticipantClient> NewParticipantAsync() => NewParticipantAsync(Node, Deployment.Contracts);

    public async Task<ulong> HeadAsync() => (ulong)(await Node.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;

    public static byte[] NewIdentity() => IdentityCommitment.Create(Convert.ToHexString(Random32()), IdentityCommitment.NewSalt());

    public static byte[] Random32() => RandomNumberGenerator.GetBytes(32);

    public static string Hex(byte[] bytes) => "0x" + Convert.ToHexStringLower(bytes);

    public ValueTask DisposeAsync() => Node.DisposeAsync();

    private static async Task<ParticipantClient> NewParticipantAsync(AnvilNode node, ContractAddresses contracts)
    {
        var key = EthECKey.GenerateKey();
        await node.FundAsync(key.GetPublicAddress());
        return new ParticipantClient(node.RpcUrl, node.ChainId, key, contracts);
    }
}
