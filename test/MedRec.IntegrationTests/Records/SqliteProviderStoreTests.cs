using System.Text.RegularExpressions;
using MedRec.Grains.Records;
using Microsoft.Data.Sqlite;

namespace MedRec.IntegrationTests.Records;

/// <summary>The provider store contract on SQLite files in a temporary directory.</summary>
public sealed partial class SqliteProviderStoreTests : ProviderStoreContract
{
    private readonly string _directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"medrec-sqlite-{Guid.NewGuid():N}")).FullName;
    private readonly Dictionary<RelationalProviderStore, string> _files = [];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_shared_in_memory_database_lives_as_long_as_its_store()
    {
        var connectionString = $"Data Source=medrec-{Guid.NewGuid():N};Mode=Memory;Cache=Shared";
        await using (var store = new SqliteProviderStore(connectionString))
        {
            await store.MigrateAsync(CancellationToken.None);
            await store.AddRecordAsync("p1", new Hl7.Fhir.Model.Condition { Id = "c1" }, CancellationToken.None);
            Assert.Single(await store.QueryAsync(PointerQuery.Parse("Condition?patient=p1"), CancellationToken.None));
        }

        await using var again = new SqliteProviderStore(connectionString);
        Assert.Empty(await again.AppliedMigrationsAsync(CancellationToken.None));
        Assert.Throws<ArgumentException>(() => new SqliteProviderStore("Data Source=:memory:"));
    }

    [Fact]
    public async Task A_file_database_keeps_its_records_across_stores()
    {
        var file = Path.Combine(_directory, "kept.db");
        await using (var store = new SqliteProviderStore($"Data Source={file}"))
        {
            await store.MigrateAsync(CancellationToken.None);
            await SeedAsync(store, "p1");
        }

        await using var reopened = new SqliteProviderStore($"Data Source={file}");
        await reopened.MigrateAsync(CancellationToken.None);
        Assert.Equal(7, (await reopened.QueryAsync(PointerQuery.Parse("Observation?patient=p1"), CancellationToken.None)).Count);
    }

    protected override Task<RelationalProviderStore> CreateStoreAsync(string name)
    {
        var file = Path.Combine(_directory, $"{name}.db");
        var store = Own(new SqliteProviderStore($"Data Source={file}"));
        _files[store] = file;
        return Task.FromResult<RelationalProviderStore>(store);
    }

    protected override Task<RelationalProviderStore> ReopenAsync(RelationalProviderStore store)
    {
        var file = _files[store];
        var reopened = Own(new SqliteProviderStore($"Data Source={file}"));
        _files[reopened] = file;
        return Task.FromResult<RelationalProviderStore>(reopened);
    }

    protected override string InstantLiteral => "'2020-01-01T00:00:00.000000Z'";

    protected override string TrueLiteral => "1";

    protected override async Task<object?> RawAsync(RelationalProviderStore store, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_files[store]}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = TableToken().Replace(sql, match => match.Groups[1].Value);
        return await command.ExecuteScalarAsync();
    }

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex TableToken();
}
