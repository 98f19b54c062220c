using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using MedRec.Grains.Records;
using Npgsql;

namespace MedRec.IntegrationTests.Records;

/// <summary>The provider store contract on a real PostgreSQL: one database for the class, a fresh schema per store.</summary>
[Collection(PostgresCollection.Name)]
public sealed partial class PostgreSqlProviderStoreTests(PostgresFixture postgres) : ProviderStoreContract
{
    private static readonly ConcurrentDictionary<int, Lazy<Task<string>>> Databases = new();

    private string Database => Databases.TryGetValue(postgres.Port, out var database) && database.Value.IsCompletedSuccessfully
        ? database.Value.Result
        : throw new InvalidOperationException("The database is created by the first store.");

    [Fact]
    public async Task Two_providers_in_two_schemas_of_one_database_see_only_their_own_data()
    {
        var other = await CreateStoreAsync("other");
        await other.MigrateAsync(CancellationToken.None);
        await SeedAsync(Store, "p1");
        await Store.AppendAuditAsync(Audit("a1", Patient, DateTimeOffset.UnixEpoch), CancellationToken.None);
        await Store.SavePointerAsync(PointerDefinition.Create(Patient, PointerQuery.Parse("Condition?patient=p1"), DateTimeOffset.UnixEpoch), CancellationToken.None);
        var linked = await Store.LinkPatientAsync(Patient, CancellationToken.None);

        Assert.Empty(await other.QueryAsync(PointerQuery.Parse("Observation?patient=p1"), CancellationToken.None));
        Assert.Empty(await other.AuditOfPatientAsync(Patient, 10, CancellationToken.None));
        Assert.Empty(await other.PointersOfPatientAsync(Patient, CancellationToken.None));
        Assert.NotEqual(linked, await other.LinkPatientAsync(Patient, CancellationToken.None));

        // The same record id in both: each schema has its own unique key.
        await other.AddRecordAsync("p1", new Hl7.Fhir.Model.Condition { Id = "cond-1" }, CancellationToken.None);
        Assert.Single(await other.QueryAsync(PointerQuery.Parse("Condition?patient=p1"), CancellationToken.None));
        Assert.Equal(10L, Convert.ToInt64(await RawAsync(Store, "SELECT count(*) FROM {records}")));
        Assert.Equal(1L, Convert.ToInt64(await RawAsync(other, "SELECT count(*) FROM {records}")));
    }

    [Fact]
    public async Task Stores_migrating_one_schema_at_once_apply_each_version_once()
    {
        var schema = $"race_{Guid.NewGuid():N}";
        var stores = Enumerable.Range(0, 4).Select(_ => Own(new PostgreSqlProviderStore(Database, schema))).ToList();

        await Task.WhenAll(stores.Select(store => Task.Run(() => store.MigrateAsync(CancellationToken.None))));

        Assert.Equal((long)stores[0].Dialect.Migrations.Count, Convert.ToInt64(await RawAsync(stores[0], "SELECT count(*) FROM {store_schema_version}")));
    }

    [Fact]
    public async Task Fifty_providers_in_one_database_share_one_connection_pool_through_the_factory()
    {
        var providers = Enumerable.Range(1, 50).Select(i => $"0x{i:x40}").ToList();
        var options = new ProviderStoreOptions();
        foreach (var provider in providers)
        {
            options.Providers[provider] = new ProviderStoreSettings
            {
                Kind = ProviderStoreKind.PostgreSql, ConnectionString = Database, Schema = $"f_{provider[^8..]}_{Guid.NewGuid():N}"[..40],
            };
        }

        await using var factory = new ProviderStoreFactory(Microsoft.Extensions.Options.Options.Create(options));
        await Task.WhenAll(providers.Select(p => factory.For(p).MigrateAsync(CancellationToken.None)));
        await Task.WhenAll(providers.Select((p, i) => factory.For(p).AddRecordAsync("p1", new Hl7.Fhir.Model.Condition { Id = $"c{i}" }, CancellationToken.None)));

        var results = await Task.WhenAll(providers.Select(p => factory.For(p).QueryAsync(PointerQuery.Parse("Condition?patient=p1"), CancellationToken.None)));
        Assert.Equal(providers.Select((_, i) => $"c{i}"), results.Select(r => Assert.Single(r).Id));
    }

    protected override async Task<RelationalProviderStore> CreateStoreAsync(string name)
    {
        var database = await Databases.GetOrAdd(postgres.Port, _ => new Lazy<Task<string>>(() => postgres.CreateDatabaseAsync("provider_stores"))).Value;
        return Own(new PostgreSqlProviderStore(database, $"{name}_{Guid.NewGuid():N}"));
    }

    protected override Task<RelationalProviderStore> ReopenAsync(RelationalProviderStore store) =>
        Task.FromResult<RelationalProviderStore>(Own(new PostgreSqlProviderStore(Database, ((PostgreSqlProviderStore)store).Schema)));

    protected override string InstantLiteral => "'2020-01-01T00:00:00Z'";

    protected override string TrueLiteral => "true";

    protected override async Task<object?> RawAsync(RelationalProviderStore store, string sql)
    {
        var schema = ((PostgreSqlProviderStore)store).Schema;
        await using var connection = new NpgsqlConnection(Database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(TableToken().Replace(sql, match => $"\"{schema}\".{match.Groups[1].Value}"), connection);
        return await command.ExecuteScalarAsync();
    }

    [GeneratedRegex(@"\{([a-z_]+)\}")]
    private static partial Regex TableToken();
}
