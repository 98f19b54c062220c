using System.CommandLine;
using Spectre.Console;

namespace MedRec.Cli;

/// <summary>The `medrec` command line: one subcommand per MedRec task.</summary>
public static class MedRecCli
{
    public static RootCommand Build(IAnsiConsole console)
    {
        var root = new RootCommand("MedRec.Orleans: decentralized health records on a permissioned Ethereum chain.");
        root.Subcommands.Add(DevCommand.Build(console));
        root.Subcommands.Add(DeployCommand.Build(console));
        root.Subcommands.Add(VerifyCommand.Build(console));
        root.Subcommands.Add(VerifyReceiptCommand.Build(console));
        root.Subcommands.Add(VerifyAuditProofCommand.Build(console));
        root.Subcommands.Add(IndexerCommand.Build(console));
        root.Subcommands.Add(SchemaCommand.Build(console));
        root.Subcommands.Add(SeedCommand.Build(console));
        root.Subcommands.Add(RegisterCommand.Build(console));
        root.Subcommands.Add(PublishCommand.Build(console));
        root.Subcommands.Add(GrantCommand.BuildGrant(console));
        root.Subcommands.Add(GrantCommand.BuildRevoke(console));
        root.Subcommands.Add(SummaryCommand.Build(console));
        root.Subcommands.Add(RelationshipCommand.Build(console, accept: true));
        root.Subcommands.Add(RelationshipCommand.Build(console, accept: false));
        root.Subcommands.Add(ReadCommand.Build(console));
        root.Subcommands.Add(AuditCommand.Build(console));
        root.Subcommands.Add(AuditProofCommand.Build(console));
        root.Subcommands.Add(AccessViewCommand.Build(console));
        root.Subcommands.Add(EmergencyCommand.Build(console));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, IAnsiConsole console)
    {
        var parse = Build(console).Parse(args);
        // Parse errors go to the same console as every other message (System.CommandLine would write them to stderr
        // around it), one red line each, with exit code 2 like a CliError.
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) console.MarkupLineInterpolated($"[red]error:[/] {error.Message}");
            console.MarkupLineInterpolated($"See [blue]medrec {string.Join(' ', CommandPath(parse.CommandResult.Command))} --help[/].");
            return 2;
        }

        return await parse.InvokeAsync(new InvocationConfiguration
        {
            // Long enough for `medrec dev` to stop the API, the silo and anvil after Ctrl-C before the process is ended.
            ProcessTerminationTimeout = TimeSpan.FromSeconds(30), Output = console.Profile.Out.Writer,
        });
    }

    private static IEnumerable<string> CommandPath(Command command) =>
        command is RootCommand ? [] : command.Parents.OfType<Command>().SelectMany(CommandPath).Append(command.Name);
}
