using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Contracts.Summary;
using MedRec.Cli;
using Nethereum.Signer;

namespace MedRec.IntegrationTests;

[Collection(ChainCollection.Name)]
public sealed class CliTests(ChainFixture chain) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("medrec-cli-").FullName;

    [Fact]
    public async Task Deploy_writes_a_deployment_file_whose_contracts_are_live_and_bound()
    {
        var key = EthECKey.GenerateKey();
        await chain.Node.FundAsync(key.GetPublicAddress());
        var file = Path.Combine(_directory, "deployment.json");
        var identity = "0x" + Convert.ToHexStringLower(ChainFixture.RandomBytes32());

        var (exitCode, output) = await RunAsync(
            ["deploy", "--rpc", chain.Node.RpcUrl, "--root-identity", identity, "--deployment", file],
            key.GetPrivateKey());

        Assert.True(exitCode == 0, output);
        var deployment = await DeploymentFile.ReadAsync(file);
        Assert.Equal(key.GetPublicAddress().Lower(), deployment.Deployer.Lower());
        Assert.Contains(deployment.Contracts.Relationships, output, StringComparison.OrdinalIgnoreCase);
        foreach (var address in new[] { deployment.Contracts.Registrar, deployment.Contracts.Summary, deployment.Contracts.Relationships })
        {
            Assert.True((await chain.Node.Web3.Eth.GetCode.SendRequestAsync(address)).Length > 100, $"no code at {address}");
        }

        var reader = new ChainReader(chain.Node.RpcUrl, deployment.Contracts);
        Assert.Equal(deployment.Contracts.Relationships.Lower(),
            (await reader.QueryAsync<RelationshipsFunction, string>(deployment.Contracts.Summary, new RelationshipsFunction())).Lower());
        Assert.Equal(Convert.FromHexString(identity[2..]), await reader.IdentityOfAsync(deployment.Deployer));
        Assert.DoesNotContain(key.GetPrivateKey().Replace("0x", ""), output, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(null, "0x11", "MEDREC_DEPLOYER_KEY")]
    [InlineData("not-hex", "0x11", "MEDREC_DEPLOYER_KEY must be 32 bytes")]
    [InlineData("valid", "0x1234", "--root-identity must be 32 bytes")]
    [InlineData("valid", "0x0000000000000000000000000000000000000000000000000000000000000000", "--root-identity must not be zero")]
    public async Task Deploy_refuses_bad_input_with_a_message_and_a_non_zero_exit(string? key, string identity, string expected)
    {
        if (identity == "0x11") identity = "0x" + new string('1', 64);
        var keyHex = key == "valid" ? EthECKey.GenerateKey().GetPrivateKey() : key;
        var file = Path.Combine(_directory, "refused.json");

        var (exitCode, output) = await RunAsync(
            ["deploy", "--rpc", chain.Node.RpcUrl, "--root-identity", identity, "--deployment", file], keyHex);

        Assert.NotEqual(0, exitCode);
        Assert.Contains(expected, output);
        Assert.False(File.Exists(file));
    }

    [Fact]
    public async Task Bad_urls_and_ports_are_refused()
    {
        var (rpcExit, rpcOutput) = await RunAsync(["deploy", "--rpc", "ftp://x", "--root-identity", "0x" + new string('1', 64)], null);
        Assert.NotEqual(0, rpcExit);
        Assert.Contains("--rpc must be an http(s) URL", rpcOutput);

        var (portExit, portOutput) = await RunAsync(["dev", "--port", "70000"], null);
        Assert.NotEqual(0, portExit);
        Assert.Contains("--port must be between 0 and 65535", portOutput);

        var (parseExit, _) = await RunAsync(["dev", "--port", "eighty"], null);
        Assert.NotEqual(0, parseExit);
    }

    private static Task<(int ExitCode, string Output)> RunAsync(string[] args, string? deployerKey) =>
        CliRun.RunAsync(args, new Dictionary<string, string?> { [DeployCommand.KeyVariable] = deployerKey });

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
