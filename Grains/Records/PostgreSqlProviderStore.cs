using System.Data.Common;
using Npgsql;

namespace MedRec.Grains.Records;

/// <summary>
/// A provider store in one schema of a PostgreSQL database. Many providers can share one server, database and
/// <see cref="NpgsqlDataSource"/> (its connection pool), each in a schema of its own.
/// </summary>
public sealed class PostgreSqlProviderStore : RelationalProviderStore, IAsyncDisposable
{
    private readonly NpgsqlDataSource _dataSource;
    private readonly bool _ownsDataSource;

    /// <summary>A store on a data source someone else owns (and disposes).</summary>
    public PostgreSqlProviderStore(NpgsqlDataSource dataSource, string schema, TimeProvider? timeProvider = null)
        : base(new PostgreSqlDialect(schema), timeProvider)
    {
        _dataSource = dataSource ?? throw new ArgumentNullException(nameof(dataSource));
    }

    /// <summary>A store with a data source of its own, disposed with the store.</summary>
    public PostgreSqlProviderStore(string connectionString, string schema, TimeProvider? timeProvider = null)
        : base(new PostgreSqlDialect(schema), timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _ownsDataSource = true;
    }

    public string Schema => Dialect.Schema!;

    public ValueTask DisposeAsync() => _ownsDataSource ? _dataSource.DisposeAsync() : ValueTask.CompletedTask;

    protected override async ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    protected override bool IsUniqueViolation(DbException error) =>
        error is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };

    protected override bool IsMissingTable(DbException error) =>
        error is PostgresException { SqlState: PostgresErrorCodes.UndefinedTable or PostgresErrorCodes.InvalidSchemaName };

    protected override string Describe()
    {
        var builder = new NpgsqlConnectionStringBuilder(_dataSource.ConnectionString);
        return $"PostgreSQL provider store {builder.Host}:{builder.Port}/{builder.Database} schema {Schema}";
    }
}
