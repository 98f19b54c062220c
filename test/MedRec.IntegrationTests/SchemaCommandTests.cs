using MedRec.Cli;
using MedRec.Silo.Storage;
using Npgsql;

namespace MedRec.IntegrationTests;

/// <summary>`medrec schema apply|status`: the operator's setup command for the cluster database (deploy/sql).</summary>
[Collection(PostgresCollection.Name)]
public sealed class SchemaCommandTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Apply_brings_a_fresh_database_to_the_latest_version_once_and_status_reports_it()
    {
        var database = await postgres.CreateDatabaseAsync("schema_cli");
        var environment = new Dictionary<string, string?> { [SchemaCommand.ConnectionStringVariable] = database };

        var before = await CliRun.RunAsync(["schema", "status"], environment);
        Assert.True(before.ExitCode == 1, before.Output);
        Assert.Equal(PostgresSchema.Scripts.Count, CountLines(before.Output, "missing"));

        var first = await CliRun.RunAsync(["schema", "apply"], environment);
        Assert.True(first.ExitCode == 0, first.Output);
        Assert.Contains($"Applied version(s) {string.Join(", ", PostgresSchema.Scripts.Select(s => s.Version))}", first.Output);
        Assert.Equal(PostgresSchema.Scripts.Select(s => s.Version).Order(), (await PostgresSchema.ReadAppliedAsync(database)).Keys.Order());

        var second = await CliRun.RunAsync(["schema", "apply"], environment);
        Assert.True(second.ExitCode == 0, second.Output);
        Assert.Contains("nothing applied", second.Output);

        var after = await CliRun.RunAsync(["schema", "status"], environment);
        Assert.True(after.ExitCode == 0, after.Output);
        Assert.Equal(PostgresSchema.Scripts.Count, CountLines(after.Output, "applied"));
        Assert.Equal(0, CountLines(after.Output, "missing"));
    }

    [Fact]
    public async Task A_changed_applied_script_fails_status_and_apply_with_a_message()
    {
        var database = await postgres.CreateDatabaseAsync("schema_cli_changed");
        await PostgresSchema.ApplyAsync(database);
        await using (var connection = new NpgsqlConnection(database))
        {
            await connection.OpenAsync();
            await using var tamper = new NpgsqlCommand("UPDATE schema_version SET checksum = 'not-the-script' WHERE version = 2", connection);
            await tamper.ExecuteNonQueryAsync();
        }

        var environment = new Dictionary<string, string?> { [SchemaCommand.ConnectionStringVariable] = database };
        var status = await CliRun.RunAsync(["schema", "status"], environment);
        Assert.Contains("changed since it was applied", status.Output);
        var apply = await CliRun.RunAsync(["schema", "apply"], environment);
        Assert.True(apply.ExitCode == 1, apply.Output);
        Assert.Contains("error:", apply.Output);
    }

    [Fact]
    public async Task Without_a_connection_string_or_with_an_unreachable_database_the_command_says_so_and_exits_non_zero()
    {
        var unset = await CliRun.RunAsync(["schema", "apply"], new Dictionary<string, string?> { [SchemaCommand.ConnectionStringVariable] = null });
        Assert.Equal(2, unset.ExitCode);
        Assert.Contains($"{SchemaCommand.ConnectionStringVariable} is not set", unset.Output);

        var unreachable = await CliRun.RunAsync(["schema", "apply"], new Dictionary<string, string?>
        {
            [SchemaCommand.ConnectionStringVariable] = "Host=127.0.0.1;Port=1;Database=orleans;Username=nobody;Password=secret-value;Timeout=3",
        });
        Assert.Equal(4, unreachable.ExitCode);
        Assert.Contains("could not be reached", unreachable.Output);
        Assert.DoesNotContain("secret-value", unreachable.Output);
    }

    private static int CountLines(string output, string word) =>
        output.Split('\n').Count(line => line.Contains(word, StringComparison.Ordinal) && line.Contains("00", StringComparison.Ordinal));
}
