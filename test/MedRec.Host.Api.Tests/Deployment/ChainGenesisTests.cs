using System.Text.Json;

namespace MedRec.Host.Api.Tests.Deployment;

/// <summary>deploy/chain checked statically (Besu does not run here): the QBFT genesis names exactly the validators of
/// validators.json, so replacing the placeholders without regenerating extraData fails here, not at the network's start.</summary>
public sealed class ChainGenesisTests
{
    [Fact]
    public void The_qbft_genesis_extra_data_encodes_the_four_validators_of_validators_json()
    {
        var chain = Path.Combine(DeployTree.Root, "chain");
        var validators = JsonSerializer.Deserialize<string[]>(File.ReadAllText(Path.Combine(chain, "validators.json")))!;
        using var genesis = JsonDocument.Parse(File.ReadAllText(Path.Combine(chain, "genesis.json")));
        var root = genesis.RootElement;

        // QBFT tolerates f faulty validators of 3f + 1: four keep the chain going with one down.
        Assert.Equal(4, validators.Length);
        Assert.True(root.GetProperty("config").TryGetProperty("qbft", out _), "genesis.json has no config.qbft");
        Assert.Equal(ExpectedExtraData(validators), root.GetProperty("extraData").GetString());
    }

    // RLP([32-byte vanity, [validators], votes: [], round: 0, seals: []]), as `besu rlp encode --type=QBFT_EXTRA_DATA`
    // writes it.
    private static string ExpectedExtraData(IEnumerable<string> validators)
    {
        var addresses = validators.SelectMany(v => new byte[] { 0x94 }.Concat(Convert.FromHexString(v[2..]))).ToArray();
        var body = new List<byte> { 0xa0 };
        body.AddRange(new byte[32]);
        body.AddRange(ListHeader(addresses.Length));
        body.AddRange(addresses);
        body.AddRange([0xc0, 0x80, 0xc0]);
        return "0x" + Convert.ToHexStringLower([.. ListHeader(body.Count), .. body]);
    }

    private static byte[] ListHeader(int length) => length <= 55 ? [(byte)(0xc0 + length)] : [0xf8, (byte)length];
}
