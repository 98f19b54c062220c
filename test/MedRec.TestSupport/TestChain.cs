using System.Security.Cryptography;
using MedRec.ChainIndexer.Chain;
using MedRec.Grains.Signing;
using Nethereum.Signer;

namespace MedRec.TestSupport;

/// <summary>A throwaway anvil with the three contracts deployed by a fresh root certifier key, and funded accounts on
/// demand: the dev chain of the integration tests and the benchmarks.</summary>
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

    /// <param name="rootIdentity">The root certifier's identity commitment; random when not given.</param>
    public static async Task<TestChain> StartAsync(byte[]? rootIdentity = null, CancellationToken cancellationToken = default)
    {
        var node = await AnvilNode.StartAsync(cancellationToken: cancellationToken);
        try
        {
            var root = await NewAccountAsync(node, new ContractAddresses("", "", ""), EthECKey.GenerateKey());
            var deployment = await ContractDeployer.DeployAsync(root, rootIdentity ?? RandomNumberGenerator.GetBytes(32), cancellationToken);
            return new TestChain(node, deployment, root.WithContracts(deployment.Contracts));
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>A funded account with a fresh key (not registered on the Registrar).</summary>
    public Task<ParticipantClient> NewAccountAsync() => NewAccountAsync(Node, Deployment.Contracts, EthECKey.GenerateKey());

    /// <summary>A funded account with a fresh key that also signs access requests (not registered).</summary>
    public async Task<Participant> NewParticipantAsync()
    {
        var key = EthECKey.GenerateKey();
        var client = await NewAccountAsync(Node, Deployment.Contracts, key);
        return new Participant(client, new AccessRequestSigner(Convert.ToHexStringLower(key.GetPrivateKeyAsBytes())));
    }

    /// <summary>A participant registered as a patient.</summary>
    public async Task<Participant> NewPatientAsync(CancellationToken cancellationToken = default)
    {
        var patient = await NewParticipantAsync();
        await patient.Client.RegisterPatientAsync(RandomNumberGenerator.GetBytes(32), cancellationToken);
        return patient;
    }

    /// <summary>A participant registered as a provider by the root certifier.</summary>
    public async Task<Participant> NewProviderAsync(
        string endpoint = "https://gatekeeper.example.org/fhir", CancellationToken cancellationToken = default)
    {
        var provider = await NewParticipantAsync();
        await Root.RegisterProviderAsync(provider.Client.Address, RandomNumberGenerator.GetBytes(32), endpoint, cancellationToken);
        return provider;
    }

    public ValueTask DisposeAsync() => Node.DisposeAsync();

    private static async Task<ParticipantClient> NewAccountAsync(AnvilNode node, ContractAddresses contracts, EthECKey key)
    {
        await node.FundAsync(key.GetPublicAddress());
        return new ParticipantClient(node.RpcUrl, node.ChainId, key, contracts);
    }
}
