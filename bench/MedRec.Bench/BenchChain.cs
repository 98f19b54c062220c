using System.Security.Cryptography;
using MedRec.ChainIndexer.Chain;
using MedRec.TestSupport;

namespace MedRec.Bench;

/// <summary>The benchmarks' dev chain: a <see cref="TestChain"/> (anvil, the three MedRec contracts, funded accounts)
/// with what the tables need on top (anvil's version, a reader, the head block).</summary>
public sealed class BenchChain : IAsyncDisposable
{
    private readonly TestChain _chain;

    private BenchChain(TestChain chain, string clientVersion)
    {
        _chain = chain;
        ClientVersion = clientVersion;
        Reader = new ChainReader(chain.Node.RpcUrl, chain.Deployment.Contracts);
    }

    /// <summary>The chain underneath, for figures that also need registered patients and providers with signers.</summary>
    public TestChain Chain => _chain;
    public AnvilNode Node => _chain.Node;
    public Deployment Deployment => _chain.Deployment;
    public ParticipantClient Root => _chain.Root;
    public ChainReader Reader { get; }

    /// <summary>anvil's web3_clientVersion, for the table's caption.</summary>
    public string ClientVersion { get; }

    public static async Task<BenchChain> StartAsync(CancellationToken cancellationToken)
    {
        var chain = await TestChain.StartAsync(NewIdentity(), cancellationToken);
        try
        {
            return new BenchChain(chain, await chain.Node.Web3.Client.SendRequestAsync<string>("web3_clientVersion"));
        }
        catch
        {
            await chain.DisposeAsync();
            throw;
        }
    }

    /// <summary>A funded participant with a fresh key (not registered on the Registrar).</summary>
    public Task<ParticipantClient> NewParticipantAsync() => _chain.NewAccountAsync();

    public async Task<ulong> HeadAsync() => (ulong)(await Node.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;

    public static byte[] NewIdentity() => IdentityCommitment.Create(Convert.ToHexString(Random32()), IdentityCommitment.NewSalt());

    public static byte[] Random32() => RandomNumberGenerator.GetBytes(32);

    public static string Hex(byte[] bytes) => "0x" + Convert.ToHexStringLower(bytes);

    public ValueTask DisposeAsync() => _chain.DisposeAsync();
}
