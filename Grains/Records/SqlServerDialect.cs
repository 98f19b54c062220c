using System.Data;

namespace MedRec.Grains.Records;

/// <summary>SQL Server: one schema per provider (default dbo). Limits with TOP, inserts-if-absent with a locking
/// NOT EXISTS (there is no ON CONFLICT), and takes the migration lock with sp_getapplock.</summary>
public sealed class SqlServerDialect : ProviderSqlDialect
{
    public const string DefaultSchema = "dbo";

    public SqlServerDialect(string schema = DefaultSchema)
        : base(ProviderStoreKind.SqlServer, ValidateSchemaName(schema), $"[{schema}]")
    {
    }

    /// <summary>The sp_getapplock resource: one per schema.</summary>
    public string MigrationLockResource => $"medrec-provider-store:{Schema}";

    public override IReadOnlyList<SqlStatement> BeginMigration() =>
    [
        new("DECLARE @lock_result int;\n" +
            "EXEC @lock_result = sp_getapplock @Resource = @lock_resource, @LockMode = 'Exclusive', @LockOwner = 'Transaction', @LockTimeout = 60000;\n" +
            "IF @lock_result < 0 THROW 51000, 'MedRec provider store: the migration lock was not granted.', 1;",
            [new("@lock_resource", DbType.String, MigrationLockResource)]),
        // CREATE SCHEMA must be alone in its batch, hence EXEC; the name is a validated identifier.
        new($"IF SCHEMA_ID(@schema_name) IS NULL EXEC(N'CREATE SCHEMA [{Schema}]');",
            [new("@schema_name", DbType.String, Schema)]),
        new("IF OBJECT_ID(@version_table, N'U') IS NULL\n" +
            $"CREATE TABLE {Table("store_schema_version")} (\n" +
            "    version int NOT NULL CONSTRAINT PK_store_schema_version PRIMARY KEY,\n    name nvarchar(256) NOT NULL,\n" +
            "    checksum nvarchar(64) NOT NULL,\n    applied_at datetimeoffset(7) NOT NULL\n);",
            [new("@version_table", DbType.String, Table("store_schema_version"))]),
    ];

    // Stored instants have offset +00:00, so the datetimeoffset's own year is the UTC year.
    protected override string YearOf(string column) => $"DATEPART(year, {column})";

    // JSON_VALUE is lax (NULL when absent); TRY_CAST gives NULL for anything that is not a number.
    protected override string ValueQuantityValue => "TRY_CAST(JSON_VALUE(r.json, '$.valueQuantity.value') AS float)";

    protected override string CountRows => "COUNT_BIG(*)";

    // SQL Server has no NULLS FIRST; ascending order already puts NULL first.
    protected override string RecordOrder => "ORDER BY effective ASC, id ASC";

    protected override string TopClause(string parameter) => $"TOP ({parameter}) ";

    protected override string LimitClause(string parameter) => "";

    // UPDLOCK + HOLDLOCK hold the key range until the INSERT is done, so two callers cannot both see it free.
    protected override string InsertIfAbsent(string table, string columns, string values, string keyColumn, string keyParameter) =>
        $"INSERT INTO {table} ({columns})\nSELECT {values}\nWHERE NOT EXISTS (SELECT 1 FROM {table} WITH (UPDLOCK, HOLDLOCK) WHERE {keyColumn} = {keyParameter})";
}
