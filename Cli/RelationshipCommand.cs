using System.CommandLine;
using Spectre.Console;

namespace MedRec.Cli;

/// <summary>`medrec accept` and `medrec reject`: the signing patient answers a provider's relationship (status New or
/// PendingUpdate in the summary).</summary>
internal static class RelationshipCommand
{
    public static Command Build(IAnsiConsole console, bool accept)
    {
        var provider = new Option<string>("--provider") { Description = "The provider (address or demo name).", Required = true };
        var options = ApiCommandOptions.ForWrites();
        var command = new Command(accept ? "accept" : "reject",
            $"{(accept ? "Accept" : "Reject")} the relationship with a provider; signed by the patient.") { provider };
        options.AddTo(command);
        command.SetAction((parse, ct) => CliOutput.GuardAsync(console, async () =>
        {
            using var api = await options.ConnectAsync(console, parse, $"{(accept ? "accept" : "reject")} a relationship as the patient", ct);
            var providerAddress = api.Participant(parse.GetValue(provider)!, "--provider");
            var accepted = accept
                ? await api.Client.AcceptRelationshipAsync(providerAddress, cancellationToken: ct)
                : await api.Client.RejectRelationshipAsync(providerAddress, cancellationToken: ct);
            return await api.CompleteWriteAsync($"Relationship with {api.NameOf(providerAddress)} {(accept ? "accepted" : "rejected")}",
                accepted, options.Wait(parse), ct);
        }));
        return command;
    }
}
