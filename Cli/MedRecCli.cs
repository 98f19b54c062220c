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
        root.Subcommands.Add(IndexerCommand.Build(console));
        return root;
    }

    public static Task<int> RunAsync(string[] args, IAnsiConsole console) =>
        Build(console).Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = TimeSpan.FromSeconds(5) });
}
