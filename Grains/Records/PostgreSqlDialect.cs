using System.Data;
using System.Security.Cryptography;
using System.Text;

namespace MedRec.Grains.Records;

/// <summary>PostgreSQL: one schema per provider (many providers share one server or database).</summary>
public sealed class PostgreSqlDialect : ProviderSqlDialect
{
    public PostgreSqlDialect(string schema)
        : base(ProviderStoreKind.PostgreSql, ValidateSchemaName(schema), $"\"{schema}\"")
    {
        // pg_advisory_xact_lock key: one per schema, so providers migrate in parallel and one provider's silos in turn.
        MigrationLockKey = BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"medrec-provider-store:{schema}")));
    }

    public long MigrationLockKey { get; }

    public override IReadOnlyList<SqlStatement> BeginMigration() =>
    [
        new("SELECT pg_advisory_xact_lock(@lock_key)", [new("@lock_key", DbType.Int64, MigrationLockKey)]),
        new($"CREATE SCHEMA IF NOT EXISTS \"{Schema}\""),
        new($"CREATE TABLE IF NOT EXISTS {Table("store_schema_version")} (\n" +
            "    version integer PRIMARY KEY,\n    name text NOT NULL,\n    checksum text NOT NULL,\n    applied_at timestamptz NOT NULL\n)"),
    ];

    protected override string YearOf(string column) => $"CAST(EXTRACT(YEAR FROM {column} AT TIME ZONE 'UTC') AS integer)";

    // json is text (the hashed bytes): parsed once per record into jsonb by the lateral join.
    protected override string? ValueQuantityJoin => "CROSS JOIN LATERAL (SELECT CAST(r.json AS jsonb) -> 'valueQuantity' -> 'value' AS v) q";

    protected override string ValueQuantityValue => "CASE WHEN jsonb_typeof(q.v) = 'number' THEN CAST(CAST(q.v AS text) AS double precision) END";

    // Ascending order puts NULL last in PostgreSQL; the stores agree on first.
    protected override string RecordOrder => "ORDER BY effective ASC NULLS FIRST, id ASC";
}
