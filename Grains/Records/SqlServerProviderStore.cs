using System.Data.Common;
using Microsoft.Data.SqlClient;

namespace MedRec.Grains.Records;

/// <summary>A provider store in one schema (default dbo) of a SQL Server database.</summary>
public sealed class SqlServerProviderStore : RelationalProviderStore
{
    private readonly string _connectionString;

    public SqlServerProviderStore(string connectionString, string schema = SqlServerDialect.DefaultSchema, TimeProvider? timeProvider = null)
        : base(new SqlServerDialect(schema), timeProvider)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        // Parsed now, so a malformed connection string fails at configuration, not at the first query.
        _connectionString = new SqlConnectionStringBuilder(connectionString).ConnectionString;
    }

    public string Schema => Dialect.Schema!;

    protected override ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        OpenAsync(new SqlConnection(_connectionString), cancellationToken);

    // 2627: unique constraint or primary key; 2601: unique index.
    protected override bool IsUniqueViolation(DbException error) => error is SqlException { Number: 2627 or 2601 };

    // 208: invalid object name.
    protected override bool IsMissingTable(DbException error) => error is SqlException { Number: 208 };

    protected override string Describe()
    {
        var builder = new SqlConnectionStringBuilder(_connectionString);
        return $"SQL Server provider store {builder.DataSource}/{builder.InitialCatalog} schema {Schema}";
    }
}
