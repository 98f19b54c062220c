using System.Data;
using System.Data.Common;

namespace MedRec.Grains.Records;

/// <summary>SQLite: one database (file or shared in-memory) per provider, no schema. Instants are fixed-width UTC
/// text (<see cref="StoreInstant"/>), which compares and orders like the instants.</summary>
public sealed class SqliteDialect : ProviderSqlDialect
{
    public SqliteDialect()
        : base(ProviderStoreKind.Sqlite, schema: null, quotedSchema: null)
    {
    }

    // No lock statement: the store opens the migration transaction with BEGIN IMMEDIATE, which takes the write lock.
    public override IReadOnlyList<SqlStatement> BeginMigration() =>
    [
        new("CREATE TABLE IF NOT EXISTS store_schema_version (\n" +
            "    version INTEGER PRIMARY KEY,\n    name TEXT NOT NULL,\n    checksum TEXT NOT NULL,\n    applied_at TEXT NOT NULL\n)"),
    ];

    public override SqlArgument Instant(string name, DateTimeOffset? value) =>
        new(name, DbType.String, value is { } instant ? StoreInstant.ToText(instant) : null);

    public override DateTimeOffset ReadInstant(DbDataReader reader, int ordinal) =>
        StoreInstant.FromText(reader.GetString(ordinal));

    // Instants are fixed-width UTC text: the year is its first four characters.
    protected override string YearOf(string column) => $"CAST(substr({column}, 1, 4) AS INTEGER)";

    protected override string ValueQuantityValue =>
        "CASE WHEN json_type(r.json, '$.valueQuantity.value') IN ('integer', 'real') THEN CAST(json_extract(r.json, '$.valueQuantity.value') AS REAL) END";

    // No FLOOR without the math extension: truncate, then step down for negative non-integers.
    protected override string FloorToInteger(string expression) =>
        $"(CAST({expression} AS INTEGER) - ({expression} < CAST({expression} AS INTEGER)))";

    // SQLite sorts NULL first ascending already; said explicitly since the stores must agree.
    protected override string RecordOrder => "ORDER BY effective ASC NULLS FIRST, id ASC";
}
