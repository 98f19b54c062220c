using System.Numerics;
using System.Security.Cryptography;
using MedRec.ChainIndexer.Chain;
using MedRec.TestSupport;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;

namespace MedRec.IntegrationTests;

/// <summary>A real anvil on a free loopback port with the three MedRec contracts deployed; one per test collection.</summary>
public sealed class ChainFixture : IAsyncLifetime
{
    private TestChain? _chain;

    private TestChain Chain => _chain ?? throw new InvalidOperationException("The chain fixture has not started.");
    public AnvilNode Node => Chain.Node;
    public Deployment Deployment => Chain.Deployment;
    public ParticipantClient Root => Chain.Root;
    public ChainReader Reader { get; private set; } = null!;
    public byte[] RootIdentity { get; } = IdentityCommitment.Create("root-certifying-authority", IdentityCommitment.NewSalt());
    public TransactionReceipt? RegistrarDeploymentReceipt { get; private set; }

    public async Task InitializeAsync()
    {
        _chain = await TestChain.StartAsync(RootIdentity);
        Reader = new ChainReader(Node.RpcUrl, Deployment.Contracts);
        RegistrarDeploymentReceipt = await Node.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(
            (await Node.Web3.Eth.Blocks.GetBlockWithTransactionsByNumber.SendRequestAsync(
                new HexBigInteger(Deployment.DeploymentBlock))).Transactions[0].TransactionHash);
    }

    public async Task DisposeAsync()
    {
        if (_chain is not null) await _chain.DisposeAsync();
    }

    public Task<ParticipantClient> NewAccountAsync() => Chain.NewAccountAsync();

    public async Task<ParticipantClient> NewPatientAsync(string identity = "synthetic patient")
    {
        var patient = await NewAccountAsync();
        await patient.RegisterPatientAsync(IdentityCommitment.Create(identity, IdentityCommitment.NewSalt()));
        return patient;
    }

    public async Task<ParticipantClient> NewProviderAsync(string endpoint = "https://gatekeeper.example.org/fhir")
    {
        var provider = await NewAccountAsync();
        await Root.RegisterProviderAsync(provider.Address, RandomBytes32(), endpoint);
        return provider;
    }

    /// <summary>A patient and a provider with an open relationship holding one pointer.</summary>
    public async Task<(ParticipantClient Patient, ParticipantClient Provider, byte[] PointerId)> NewRelationshipAsync()
    {
        var patient = await NewPatientAsync();
        var provider = await NewProviderAsync();
        var pointerId = RandomBytes32();
        await provider.PublishPointerAsync(patient.Address, pointerId, RandomBytes32(), RandomBytes32());
        return (patient, provider, pointerId);
    }

    public async Task<DateTimeOffset> ChainNowAsync()
    {
        var block = await Node.Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(BlockParameter.CreateLatest());
        return DateTimeOffset.FromUnixTimeSeconds((long)block.Timestamp.Value);
    }

    /// <summary>Moves the chain's clock forward and mines a block, so the next call sees the later time.</summary>
    public async Task AdvanceTimeAsync(TimeSpan by)
    {
        await Node.Web3.Client.SendRequestAsync<object>("evm_increaseTime", null, new HexBigInteger(new BigInteger(by.TotalSeconds)).HexValue);
        await Node.Web3.Client.SendRequestAsync<object>("evm_mine");
    }

    public static byte[] RandomBytes32() => RandomNumberGenerator.GetBytes(32);
}

[CollectionDefinition(Name)]
public sealed class ChainCollection : ICollectionFixture<ChainFixture>
{
    public const string Name = "chain";
}
