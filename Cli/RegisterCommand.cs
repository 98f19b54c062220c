using System.CommandLine;
using MedRec.ChainIndexer.Chain;
using Spectre.Console;

namespace MedRec.Cli;

/// <summary>`medrec register patient|provider|researcher`: registrations over HTTP. A patient registers itself; a
/// certifier registers providers and researchers. Only the salted hash of the identity text leaves this machine.</summary>
internal static class RegisterCommand
{
    public static Command Build(IAnsiConsole console)
    {
        var command = new Command("register", "Register a participant on chain through the API.");
        command.Subcommands.Add(Patient(console));
        command.Subcommands.Add(Provider(console));
        command.Subcommands.Add(Researcher(console));
        return command;
    }

    private static Option<string> IdentityOption() => new("--identity")
    {
        Description = "Who this is (a name, a licence number...): only its salted hash goes on chain.", Required = true,
    };

    private static Command Patient(IAnsiConsole console)
    {
        var identity = IdentityOption();
        var options = ApiCommandOptions.ForWrites();
        var command = new Command("patient", "Register the signer as a patient.") { identity };
        options.AddTo(command);
        command.SetAction((parse, ct) => CliOutput.GuardAsync(console, async () =>
        {
            using var api = await options.ConnectAsync(console, parse, "register as a patient", ct);
            var accepted = await api.Client.RegisterPatientAsync(Commitment(parse.GetValue(identity)!), ct);
            return await api.CompleteWriteAsync($"Patient {api.Signer.Address} registered", accepted, options.Wait(parse), ct);
        }));
        return command;
    }

    private static Command Provider(IAnsiConsole console)
    {
        var provider = new Option<string>("--provider") { Description = "The provider's address (or demo name).", Required = true };
        var identity = IdentityOption();
        var endpoint = new Option<string>("--endpoint") { Description = "The provider's gatekeeper endpoint (an https URL).", Required = true };
        var options = ApiCommandOptions.ForWrites();
        var command = new Command("provider", "Register a provider; signed by a certifying authority.") { provider, identity, endpoint };
        options.AddTo(command);
        command.SetAction((parse, ct) => CliOutput.GuardAsync(console, async () =>
        {
            var url = parse.GetValue(endpoint)!;
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            {
                throw new CliError($"--endpoint must be an https URL, not '{url}'.");
            }

            using var api = await options.ConnectAsync(console, parse, "register a provider as a certifier", ct);
            var address = api.Participant(parse.GetValue(provider)!, "--provider");
            var accepted = await api.Client.RegisterProviderAsync(address, Commitment(parse.GetValue(identity)!), url, ct);
            return await api.CompleteWriteAsync($"Provider {address} registered", accepted, options.Wait(parse), ct);
        }));
        return command;
    }

    private static Command Researcher(IAnsiConsole console)
    {
        var researcher = new Option<string>("--researcher") { Description = "The researcher's address.", Required = true };
        var identity = IdentityOption();
        var validator = new Option<string>("--validator") { Description = "The address of the chain validator the researcher runs.", Required = true };
        var options = ApiCommandOptions.ForWrites();
        var command = new Command("researcher", "Register a researcher (tied to its validator); signed by a certifying authority.") { researcher, identity, validator };
        options.AddTo(command);
        command.SetAction((parse, ct) => CliOutput.GuardAsync(console, async () =>
        {
            using var api = await options.ConnectAsync(console, parse, "register a researcher as a certifier", ct);
            var address = api.Participant(parse.GetValue(researcher)!, "--researcher");
            var validatorAddress = HexArgument.Address(parse.GetValue(validator)!, "--validator");
            var accepted = await api.Client.RegisterResearcherAsync(address, Commitment(parse.GetValue(identity)!), validatorAddress, ct);
            return await api.CompleteWriteAsync($"Researcher {address} registered", accepted, options.Wait(parse), ct);
        }));
        return command;
    }

    private static string Commitment(string identity)
    {
        if (string.IsNullOrWhiteSpace(identity)) throw new CliError("--identity must not be empty.");
        return "0x" + Convert.ToHexStringLower(IdentityCommitment.Create(identity.Trim(), IdentityCommitment.NewSalt()));
    }
}
