using System.CommandLine;
using MedRec.ChainIndexer.Chain;
using Nethereum.Signer;
using Spectre.Console;

namespace MedRec.Cli;

/// <summary>`medrec deploy`: deploy the three contracts to any chain, signed with a key taken from the environment.</summary>
public static class DeployCommand
{
    public const string KeyVariable = "MEDREC_DEPLOYER_KEY";

    public static Command Build(IAnsiConsole console)
    {
        var rpc = new Option<string>("--rpc") { Description = "JSON-RPC URL of the chain.", Required = true };
        var deploymentFile = new Option<string>("--deployment")
        {
            Description = "Where to write the deployment file.",
            DefaultValueFactory = _ => Path.Combine(".medrec", "deployment.json"),
        };
        var rootIdentity = new Option<string>("--root-identity")
        {
            Description = "The root certifying authority's identity commitment (0x + 64 hex digits, a salted hash computed off chain).",
            Required = true,
        };
        var command = new Command("deploy",
            $"Deploy the MedRec contracts (Registrar, Summary, Patient-Provider Relationships, AuditAnchors, EmergencyAccess). The deploying key (hex, from {KeyVariable}) becomes the root certifying authority.")
        {
            rpc, deploymentFile, rootIdentity,
        };
        command.SetAction((parse, ct) => CliOutput.GuardAsync(console, () => RunAsync(
            console, parse.GetValue(rpc)!, parse.GetValue(deploymentFile)!, parse.GetValue(rootIdentity)!, ct)));
        return command;
    }

    private static async Task<int> RunAsync(IAnsiConsole console, string rpc, string deploymentFile, string rootIdentity, CancellationToken ct)
    {
        if (!Uri.TryCreate(rpc, UriKind.Absolute, out var rpcUri) || (rpcUri.Scheme != "http" && rpcUri.Scheme != "https"))
        {
            throw new CliError($"--rpc must be an http(s) URL, not '{rpc}'.");
        }

        var identity = HexArgument.ParseBytes(rootIdentity, 32, "--root-identity");
        var key = ReadKey();
        var chainId = await new Nethereum.Web3.Web3(rpc).Eth.ChainId.SendRequestAsync();
        var deployer = new ParticipantClient(rpc, (long)chainId.Value, key, new ContractAddresses("", "", ""));

        var deployment = await ContractDeployer.DeployAsync(deployer, identity, ct);
        await DeploymentFile.WriteAsync(deploymentFile, deployment, ct);
        CliOutput.WriteDeployment(console, deployment, deploymentFile);
        return 0;
    }

    private static EthECKey ReadKey()
    {
        var hex = Environment.GetEnvironmentVariable(KeyVariable);
        if (string.IsNullOrWhiteSpace(hex))
        {
            throw new CliError($"Set {KeyVariable} to the deployer's private key (hex). Keys are never taken from the command line.");
        }

        var bytes = HexArgument.ParseBytes(hex.Trim(), 32, KeyVariable);
        return new EthECKey(bytes, true);
    }
}
