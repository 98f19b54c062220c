using System.CommandLine;
using System.Numerics;
using MedRec.ChainIndexer.Chain;
using MedRec.Grains.Records;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Hex.HexTypes;
using Nethereum.JsonRpc.Client;
using Spectre.Console;

namespace MedRec.Cli;

/// <summary>`medrec seed`: the dev system's demo world on a dev chain deployed with `medrec deploy`, signed by a
/// certifier's key; `medrec dev` seeds through the same <see cref="DemoSeedProgress"/>.</summary>
internal static class SeedCommand
{
    public static Command Build(IAnsiConsole console)
    {
        var deploymentFile = new Option<string>("--deployment")
        {
            Description = "The deployment file.", DefaultValueFactory = _ => Path.Combine(".medrec", "deployment.json"),
        };
        var dataDirectory = new Option<string>("--data-dir")
        {
            Description = "Where the provider stores (SQLite) and the identities file go.", DefaultValueFactory = _ => ".medrec",
        };
        var replace = new Option<bool>("--replace") { Description = "Replace the identities file and stores already in --data-dir." };
        var signer = new SigningKeyOptions();
        var command = new Command("seed",
            "Seed the demo data (providers, patients, synthetic FHIR records, a family member's grant) on a dev chain (anvil: accounts are funded with anvil_setBalance). Signed by a certifier.")
        {
            deploymentFile, dataDirectory, replace,
        };
        signer.AddTo(command);
        command.SetAction((parse, ct) => CliOutput.GuardAsync(console, async () =>
        {
            var directory = Path.GetFullPath(parse.GetValue(dataDirectory)!);
            if (File.Exists(DemoIdentities.FileIn(directory)) && !parse.GetValue(replace))
            {
                throw new CliError($"'{DemoIdentities.FileIn(directory)}' already exists (a dev system may be using it). Pass --replace, or another --data-dir.");
            }

            var certifier = await signer.ReadAsync(parse, "register the demo providers as a certifier", ct);
            var deployment = await DeploymentFile.ReadAsync(parse.GetValue(deploymentFile)!, ct);
            var demo = DemoData.Create(directory, certifier.Key);
            var settings = demo.HostSettings();
            await demo.WriteIdentitiesAsync(ct);

            await using var services = new ServiceCollection()
                .AddProviderStores(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
                .BuildServiceProvider();
            var web3 = new Nethereum.Web3.Web3(deployment.RpcUrl);
            await DemoSeedProgress.SeedAsync(console, demo, deployment,
                address => FundAsync(web3, address), services.GetRequiredService<IProviderStoreFactory>(), ct);

            CliOutput.WriteIdentities(console, demo.Identities);
            var settingsFile = Path.Combine(directory, "demo-settings.json");
            await DemoSettingsFile.WriteAsync(settingsFile, settings, ct);
            console.MarkupLineInterpolated($"An API host serves these providers with the settings in [blue]{settingsFile}[/] (provider stores, patient-reported records).");
            return 0;
        }));
        return command;
    }

    private static async Task FundAsync(Nethereum.Web3.Web3 web3, string address)
    {
        try
        {
            await web3.Client.SendRequestAsync<object>("anvil_setBalance", null, address, new HexBigInteger(BigInteger.Pow(10, 24)).HexValue);
        }
        catch (RpcResponseException error)
        {
            throw new CliError($"The chain refused anvil_setBalance ({error.Message}): medrec seed funds its fresh demo accounts that way, so it needs a dev chain (anvil).");
        }
    }
}
