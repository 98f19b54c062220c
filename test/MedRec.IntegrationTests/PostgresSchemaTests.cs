using System.Reflection;
using System.Text.RegularExpressions;
using MedRec.Silo.Storage;
using Npgsql;
using Orleans.Configuration;
using Orleans.Runtime.MembershipService;
using Orleans.Storage;

namespace MedRec.IntegrationTests;

/// <summary>The project's PostgreSQL schema (deploy/sql/postgresql) against a real, throwaway PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresSchemaTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Applying_twice_applies_each_version_once_and_records_it()
    {
        var database = await postgres.CreateDatabaseAsync("schema_twice");

        var first = await PostgresSchema.ApplyAsync(database);
        var queriesAfterFirst = await QueryKeysAsync(database);
        var second = await PostgresSchema.ApplyAsync(database);

        Assert.Equal(Enumerable.Range(1, PostgresSchema.LatestVersion), first.Applied);
        Assert.Equal(PostgresSchema.LatestVersion, first.DatabaseVersion);
        Assert.Empty(second.Applied);
        Assert.Equal(PostgresSchema.LatestVersion, second.DatabaseVersion);
        Assert.Equal(queriesAfterFirst, await QueryKeysAsync(database));

        var recorded = await PostgresSchema.ReadAppliedAsync(database);
        Assert.Equal(PostgresSchema.Scripts.ToDictionary(s => s.Version, s => (string?)s.Checksum), recorded);
        Assert.Equal(PostgresSchema.Scripts.Count, await ScalarAsync<long>(database, "SELECT count(*) FROM schema_version"));
    }

    [Fact]
    public async Task Scripts_run_twice_by_hand_change_nothing_and_the_applier_accepts_the_result()
    {
        var database = await postgres.CreateDatabaseAsync("schema_by_hand");

        foreach (var script in PostgresSchema.Scripts) await ExecuteAsync(database, script.Sql);
        var queries = await QueryKeysAsync(database);
        foreach (var script in PostgresSchema.Scripts) await ExecuteAsync(database, script.Sql);

        Assert.Equal(queries, await QueryKeysAsync(database));
        var recorded = await PostgresSchema.ReadAppliedAsync(database);
        Assert.Equal(Enumerable.Range(1, PostgresSchema.LatestVersion), recorded.Keys.Order());
        Assert.All(recorded.Values, Assert.Null); // applied by hand: no checksum
        Assert.Empty((await PostgresSchema.ApplyAsync(database)).Applied);
    }

    [Fact]
    public async Task Silos_applying_at_the_same_time_apply_each_version_once()
    {
        var database = await postgres.CreateDatabaseAsync("schema_race");

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostgresSchema.ApplyAsync(database))));

        Assert.Equal(Enumerable.Range(1, PostgresSchema.LatestVersion), results.SelectMany(r => r.Applied).Order());
        Assert.Equal(PostgresSchema.Scripts.Count, await ScalarAsync<long>(database, "SELECT count(*) FROM schema_version"));
    }

    [Fact]
    public async Task An_applied_script_that_was_edited_afterwards_is_refused()
    {
        var database = await postgres.CreateDatabaseAsync("schema_drift");
        await PostgresSchema.ApplyAsync(database);
        await ExecuteAsync(database, $"UPDATE schema_version SET checksum = '{new string('0', 64)}' WHERE version = 2");

        var error = await Assert.ThrowsAsync<SchemaMismatchException>(() => PostgresSchema.ApplyAsync(database));

        Assert.Contains("0002-clustering.sql", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_embedded_scripts_are_the_files_in_deploy_sql_postgresql_in_order()
    {
        var directory = Path.Combine(RepositoryRoot(), "deploy", "sql", "postgresql");
        var files = Directory.GetFiles(directory, "*.sql").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(["0001-main.sql", "0002-clustering.sql", "0003-persistence.sql", "0004-reminders.sql"], files.Take(4));
        Assert.Equal(files, PostgresSchema.Scripts.Select(s => s.Name));
        Assert.Equal(Enumerable.Range(1, files.Count), PostgresSchema.Scripts.Select(s => s.Version));
    }

    /// <summary>The contract with Orleans: every query key the installed provider packages read is in OrleansQuery.
    /// The required keys are taken from the providers themselves, so an Orleans upgrade that needs a new key fails
    /// here rather than at a silo's start.</summary>
    [Fact]
    public async Task OrleansQuery_holds_every_key_the_installed_Orleans_providers_read()
    {
        var database = await postgres.CreateDatabaseAsync("schema_keys");
        await PostgresSchema.ApplyAsync(database);
        var keys = await QueryKeysAsync(database);

        var clustering = RequiredKeys(typeof(AdoNetClusteringTable).Assembly, "Orleans.Clustering.AdoNet.Storage.DbStoredQueries");
        var reminders = RequiredKeys(typeof(AdoNetReminderTableOptions).Assembly, "Orleans.Reminders.AdoNet.Storage.DbStoredQueries");
        var persistence = Regex.Matches(AdoNetGrainStorage.DefaultInitializationQuery, "QueryKey = '([A-Za-z0-9]+)'")
            .Select(m => m.Groups[1].Value).ToList();

        Assert.Equal(9, clustering.Count);
        Assert.Equal(7, reminders.Count);
        Assert.Equal(["WriteToStorageKey", "ReadFromStorageKey", "ClearStorageKey", "DeleteStorageKey"], persistence);
        // Optional in Orleans 10.4 (used when present): the per-row dead-silo cleanup.
        string[] optional = ["CleanupDefunctSiloEntryKey"];
        Assert.Equal(clustering.Concat(reminders).Concat(persistence).Concat(optional).Order(StringComparer.Ordinal), keys);
    }

    private static List<string> RequiredKeys(Assembly provider, string typeName)
    {
        var storedQueries = provider.GetType(typeName, throwOnError: true)!;
        return storedQueries.GetProperties(BindingFlags.Instance | BindingFlags.NonPublic).Select(p => p.Name).ToList();
    }

    private static async Task<List<string>> QueryKeysAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT QueryKey FROM OrleansQuery ORDER BY QueryKey COLLATE \"C\"", connection);
        await using var reader = await command.ExecuteReaderAsync();
        var keys = new List<string>();
        while (await reader.ReadAsync()) keys.Add(reader.GetString(0));
        return keys;
    }

    internal static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    internal static async Task<T> ScalarAsync<T>(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MedRec.Orleans.sln"))) return dir.FullName;
        }

        throw new DirectoryNotFoundException($"MedRec.Orleans.sln was not found above {AppContext.BaseDirectory}.");
    }
}
