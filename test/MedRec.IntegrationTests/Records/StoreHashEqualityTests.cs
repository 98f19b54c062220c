using MedRec.Grains.Records;
using Microsoft.Data.Sqlite;

namespace MedRec.IntegrationTests.Records;

/// <summary>The same records, kept by PostgreSQL and by SQLite, come back equal and hash equal.</summary>
[Collection(PostgresCollection.Name)]
public sealed class StoreHashEqualityTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), $"medrec-hash-{Guid.NewGuid():N}")).FullName;
    private PostgreSqlProviderStore? _postgres;
    private SqliteProviderStore? _sqlite;

    public async Task InitializeAsync()
    {
        _postgres = new PostgreSqlProviderStore(await postgres.CreateDatabaseAsync("hash_equality"), "provider_hash");
        _sqlite = new SqliteProviderStore($"Data Source={Path.Combine(_directory, "provider.db")}");
    }

    public async Task DisposeAsync()
    {
        if (_postgres is not null) await _postgres.DisposeAsync();
        if (_sqlite is not null) await _sqlite.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Theory]
    [InlineData("Observation?patient=p1")]
    [InlineData("Observation?patient=p1&category=laboratory")]
    [InlineData("Observation?patient=p1&code=http://loinc.org|8867-4&date=ge2024-02-01")]
    [InlineData("Observation?patient=p1&date=le2024-02-15&_count=3")]
    [InlineData("Condition?patient=p1")]
    [InlineData("MedicationRequest?patient=p1&code=1049621")]
    [InlineData("Encounter?patient=p1&date=eq2024-02-10")]
    [InlineData("Immunization?patient=p1")] // the empty result has a hash as well
    public async Task PostgreSql_and_Sqlite_return_the_same_records_with_the_same_hash(string text)
    {
        IProviderStore[] stores = [_postgres!, _sqlite!];
        foreach (var store in stores)
        {
            await store.MigrateAsync(CancellationToken.None);
            foreach (var resource in SampleRecords.All()) await store.AddRecordAsync("p1", resource, CancellationToken.None);
        }

        var query = PointerQuery.Parse(text);
        var fromPostgres = await _postgres!.QueryAsync(query, CancellationToken.None);
        var fromSqlite = await _sqlite!.QueryAsync(query, CancellationToken.None);

        Assert.Equal(fromPostgres, fromSqlite);
        Assert.Equal(RecordHasher.Hash(fromPostgres), RecordHasher.Hash(fromSqlite));
    }
}
