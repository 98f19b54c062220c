using System.CommandLine;
using MedRec.Silo.Storage;
using Npgsql;
using Spectre.Console;

namespace MedRec.Cli;

/// <summary>
/// `medrec schema apply` / `medrec schema status`: the cluster database's schema (deploy/sql/postgresql, embedded in the
/// silo), applied by the operator before the silos start, as docs/operations.md says. The connection string comes from
/// the environment (<c>MedRec__Storage__ConnectionString</c>, as the silos read it), never from the command line.
/// </summary>
internal static class SchemaCommand
{
    public const string ConnectionStringVariable = "MedRec__Storage__ConnectionString";

    public static Command Build(IAnsiConsole console)
    {
        var apply = new Command("apply", "Apply the schema versions the Orleans database lacks (idempotent; one transaction per version).");
        apply.SetAction((_, ct) => CliOutput.GuardAsync(console, async () =>
        {
            var result = await RunAsync(() => PostgresSchema.ApplyAsync(ConnectionString(), cancellationToken: ct));
            if (result.Applied.Count == 0) console.MarkupLineInterpolated($"[green]Schema up to date[/] at version {result.DatabaseVersion}; nothing applied.");
            else console.MarkupLineInterpolated($"[green]Applied[/] version(s) {string.Join(", ", result.Applied)}; the database is at version {result.DatabaseVersion}.");
            return 0;
        }));

        var status = new Command("status", "List the schema versions the Orleans database holds; exit 1 when any is missing.");
        status.SetAction((_, ct) => CliOutput.GuardAsync(console, async () =>
        {
            var applied = await RunAsync(() => PostgresSchema.ReadAppliedAsync(ConnectionString(), ct));
            var table = new Table().AddColumns("version", "script", "state");
            var missing = 0;
            foreach (var script in PostgresSchema.Scripts)
            {
                var state = !applied.TryGetValue(script.Version, out var checksum) ? "[yellow]missing[/]"
                    : checksum is null ? "applied by hand"
                    : string.Equals(checksum, script.Checksum, StringComparison.OrdinalIgnoreCase) ? "[green]applied[/]"
                    : "[red]changed since it was applied[/]";
                if (!applied.ContainsKey(script.Version)) missing++;
                table.AddRow(script.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(script.Name), state);
            }

            console.Write(table);
            return missing == 0 ? 0 : 1;
        }));

        return new Command("schema", "The Orleans database schema (PostgreSQL) of a silo cluster.") { apply, status };
    }

    private static string ConnectionString()
    {
        var value = Environment.GetEnvironmentVariable(ConnectionStringVariable);
        if (string.IsNullOrWhiteSpace(value)) throw new CliError($"{ConnectionStringVariable} is not set: give the Orleans database's Npgsql connection string in the environment.");
        try
        {
            _ = new NpgsqlConnectionStringBuilder(value);
        }
        catch (ArgumentException ex)
        {
            throw new CliError($"{ConnectionStringVariable} is not a valid connection string: {ex.Message}");
        }

        return value;
    }

    private static async Task<T> RunAsync<T>(Func<Task<T>> body)
    {
        try
        {
            return await body();
        }
        catch (SchemaMismatchException ex)
        {
            throw new CliError(ex.Message, exitCode: 1);
        }
        catch (Exception ex) when (ex is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            // The message names the host and the failure, never the password.
            throw new CliError($"the Orleans database could not be reached: {ex.Message}", exitCode: 4);
        }
    }
}
