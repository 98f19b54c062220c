using MedRec.Cli;
using Spectre.Console;

namespace MedRec.IntegrationTests;

/// <summary>Runs the `medrec` command line in this process against a captured console, with chosen environment
/// variables set for the run only.</summary>
internal static class CliRun
{
    private static readonly SemaphoreSlim EnvironmentGate = new(1, 1);

    public static async Task<(int ExitCode, string Output)> RunAsync(string[] args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 400;
        environment ??= new Dictionary<string, string?>();
        // Environment variables are process-wide: runs that set them take turns.
        await EnvironmentGate.WaitAsync();
        var previous = environment.Keys.ToDictionary(name => name, Environment.GetEnvironmentVariable);
        try
        {
            foreach (var (name, value) in environment) Environment.SetEnvironmentVariable(name, value);
            var exitCode = await MedRecCli.RunAsync(args, console);
            return (exitCode, writer.ToString());
        }
        finally
        {
            foreach (var (name, value) in previous) Environment.SetEnvironmentVariable(name, value);
            EnvironmentGate.Release();
        }
    }
}
