namespace MedRec.Cli;

/// <summary>Bad input or a failed step, reported to the user as a message and a non-zero exit code.</summary>
public sealed class CliError(string message, int exitCode = 2) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}
