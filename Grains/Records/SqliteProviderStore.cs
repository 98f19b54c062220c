using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace MedRec.Grains.Records;

/// <summary>
/// A provider store in a SQLite database of its own: a file (<c>Data Source=provider.db</c>) or a shared in-memory
/// database (<c>Data Source=name;Mode=Memory;Cache=Shared</c>), which this store keeps alive with one open connection
/// until it is disposed.
/// </summary>
public sealed class SqliteProviderStore : RelationalProviderStore, IAsyncDisposable
{
    private readonly string _connectionString;
    private readonly string _dataSource;
    private readonly SqliteConnection? _keepAlive;

    public SqliteProviderStore(string connectionString, TimeProvider? timeProvider = null)
        : base(new SqliteDialect(), timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var builder = new SqliteConnectionStringBuilder(connectionString);
        _connectionString = builder.ConnectionString;
        _dataSource = builder.DataSource;
        if (builder.Mode == SqliteOpenMode.Memory || builder.DataSource == ":memory:")
        {
            if (builder.Cache != SqliteCacheMode.Shared || builder.DataSource == ":memory:")
            {
                throw new ArgumentException(
                    "A private in-memory SQLite database lives and dies with one connection; use a named shared one: Data Source=<name>;Mode=Memory;Cache=Shared.",
                    nameof(connectionString));
            }

            _keepAlive = new SqliteConnection(_connectionString);
            _keepAlive.Open();
        }
    }

    public override async Task MigrateAsync(CancellationToken cancellationToken)
    {
        if (_keepAlive is null)
        {
            // Write-ahead logging lets readers go on while a writer commits; it stays set in the file. Not in a transaction.
            await using var connection = await OpenConnectionAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA journal_mode = WAL";
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        await base.MigrateAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_keepAlive is not null) await _keepAlive.DisposeAsync();
    }

    protected override ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        OpenAsync(new SqliteConnection(_connectionString), cancellationToken);

    // SQLITE_CONSTRAINT_UNIQUE (2067) and SQLITE_CONSTRAINT_PRIMARYKEY (1555).
    protected override bool IsUniqueViolation(DbException error) =>
        error is SqliteException { SqliteExtendedErrorCode: 2067 or 1555 };

    protected override bool IsMissingTable(DbException error) =>
        error is SqliteException { SqliteErrorCode: 1 } && error.Message.Contains("no such table", StringComparison.Ordinal);

    protected override string Describe() => $"SQLite provider store {_dataSource}";
}
