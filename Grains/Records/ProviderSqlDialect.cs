using System.Data;
using System.Data.Common;
using System.Text;
using System.Text.RegularExpressions;
using MedRec.Grains.Abstractions.Access;

namespace MedRec.Grains.Records;

/// <summary>
/// The SQL of one kind of provider database. Statement texts are built only from fixed fragments and the configured
/// schema name (validated against <see cref="SchemaNamePattern"/> and quoted); every value is a parameter.
/// The tables (see the migrations in Records/Migrations): records (search columns + json + an insertion sequence),
/// patient_links (address -> local id), pointers, audit_entries, emergency_justifications and store_schema_version.
/// Records come back ordered by effective instant (no instant first), then id, in every dialect: the order is part of
/// what the data hash covers.
/// </summary>
public abstract partial class ProviderSqlDialect
{
    /// <summary>A schema name: lowercase letters, digits and '_', starting with a letter or '_', at most 63.</summary>
    public const string SchemaNamePattern = @"\A[a-z_][a-z0-9_]{0,62}\z";

    protected const string RecordColumns = "resource_type, id, local_patient_id, category, code_system, code, effective, json";

    private const string AuditColumns = "id, occurred_at, provider, patient, asker, pointer_id, action, granted, reason, request_hash, purpose";

    private const string PointerColumns = "pointer_id, patient_address, query, salt, created_at";

    private const string JustificationColumns = "commitment, patient, salt, justification, duration_seconds, recorded_at, transaction_hash";

    /// <summary>Most ids in one <see cref="SelectPointers"/>: SQL Server takes at most 2,100 parameters a statement.</summary>
    public const int MaxPointersPerStatement = 500;

    /// <summary>Most rows in one <see cref="InsertAudits"/>: eleven parameters a row, under SQL Server's 2,100.</summary>
    public const int MaxAuditEntriesPerStatement = 100;

    private readonly string _prefix;

    /// <param name="kind">Which database.</param>
    /// <param name="schema">The schema holding the tables, or null for none (SQLite).</param>
    /// <param name="quotedSchema">The schema as an identifier in this dialect, or null.</param>
    protected ProviderSqlDialect(ProviderStoreKind kind, string? schema, string? quotedSchema)
    {
        Kind = kind;
        Schema = schema;
        _prefix = quotedSchema is null ? "" : quotedSchema + ".";
    }

    public ProviderStoreKind Kind { get; }

    /// <summary>The schema holding this provider's tables (null for SQLite).</summary>
    public string? Schema { get; }

    /// <summary>This kind's migrations, in apply order.</summary>
    public IReadOnlyList<StoreMigration> Migrations => StoreMigrations.For(Kind);

    /// <summary>The schema name, checked against <see cref="SchemaNamePattern"/>.</summary>
    /// <exception cref="ArgumentException">Anything else: the name is written into SQL text as an identifier.</exception>
    public static string ValidateSchemaName(string schema) =>
        schema is not null && SchemaName().IsMatch(schema)
            ? schema
            : throw new ArgumentException(
                $"Schema name '{schema}' is not allowed; use lowercase letters, digits and '_', starting with a letter or '_', at most 63 characters.",
                nameof(schema));

    /// <summary>A migration's script for this store's schema.</summary>
    public string MigrationText(StoreMigration migration) =>
        migration.Sql.Replace("{schema}.", _prefix, StringComparison.Ordinal);

    /// <summary>The statements that open a migration, inside its transaction: take the migration lock, create the
    /// schema and the version table where missing.</summary>
    public abstract IReadOnlyList<SqlStatement> BeginMigration();

    public SqlStatement SelectAppliedMigrations() =>
        new($"SELECT version, checksum FROM {Table("store_schema_version")}");

    public SqlStatement RecordMigration(StoreMigration migration, DateTimeOffset appliedAt) => new(
        $"INSERT INTO {Table("store_schema_version")} (version, name, checksum, applied_at) VALUES (@version, @name, @checksum, @applied_at)",
        [
            new("@version", DbType.Int32, migration.Version),
            new("@name", DbType.String, migration.Name),
            new("@checksum", DbType.String, migration.Checksum),
            Instant("@applied_at", appliedAt),
        ]);

    /// <summary>The records a pointer query selects, in canonical order, at most <see cref="PointerQuery.Count"/>.</summary>
    public SqlStatement SelectRecords(PointerQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var text = new StringBuilder("SELECT ");
        if (query.Count is not null) text.Append(TopClause("@count"));
        text.Append(RecordColumns).Append('\n')
            .Append("FROM ").Append(Table("records")).Append('\n')
            .Append("WHERE local_patient_id = @patient AND resource_type = @resource_type");
        var parameters = new List<SqlArgument>
        {
            new("@patient", DbType.String, query.PatientId),
            new("@resource_type", DbType.String, query.ResourceType),
        };
        if (query.Category is not null)
        {
            text.Append("\n  AND category = @category");
            parameters.Add(new("@category", DbType.String, query.Category));
        }

        if (query.CodeSystem is not null)
        {
            text.Append("\n  AND code_system = @code_system");
            parameters.Add(new("@code_system", DbType.String, query.CodeSystem));
        }

        if (query.Code is not null)
        {
            text.Append("\n  AND code = @code");
            parameters.Add(new("@code", DbType.String, query.Code));
        }

        if (query.EffectiveFrom is { } from)
        {
            text.Append("\n  AND effective >= @effective_from");
            parameters.Add(Instant("@effective_from", from));
        }

        if (query.EffectiveBefore is { } before)
        {
            text.Append("\n  AND effective < @effective_before");
            parameters.Add(Instant("@effective_before", before));
        }

        text.Append('\n').Append(RecordOrder);
        if (query.Count is { } count)
        {
            text.Append(LimitClause("@count"));
            parameters.Add(new("@count", DbType.Int32, count));
        }

        return new SqlStatement(text.ToString(), parameters);
    }

    /// <summary>
    /// A research aggregate's rows, one per (patient address, cell): the records of the type (and code, category, date
    /// range) joined to their patient link, grouped by the address and the query's group attributes, with the record
    /// count and, for value measures, the sum of the numeric valueQuantity.value (records without one left out).
    /// Fixed fragments and this dialect's expressions only; every value is a parameter.
    /// </summary>
    public SqlStatement SelectResearchRows(ResearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var dimensions = new List<(string Expression, string Alias)>();
        if (query.Groups.HasFlag(ResearchGroup.Year)) dimensions.Add((YearOf("r.effective"), "g_year"));
        if (query.Groups.HasFlag(ResearchGroup.Category)) dimensions.Add(("r.category", "g_category"));
        if (query.Groups.HasFlag(ResearchGroup.Code))
        {
            dimensions.Add(("r.code_system", "g_code_system"));
            dimensions.Add(("r.code", "g_code"));
        }

        var inner = new StringBuilder("SELECT l.patient_address AS patient_address");
        foreach (var (expression, alias) in dimensions) inner.Append(", ").Append(expression).Append(" AS ").Append(alias);
        if (query.ReadsValue) inner.Append(", ").Append(ValueQuantityValue).Append(" AS value");
        inner.Append("\n    FROM ").Append(Table("records")).Append(" r\n    JOIN ").Append(Table("patient_links"))
            .Append(" l ON l.local_patient_id = r.local_patient_id");
        if (query.ReadsValue && ValueQuantityJoin is { } join) inner.Append("\n    ").Append(join);
        inner.Append("\n    WHERE r.resource_type = @resource_type");
        var parameters = new List<SqlArgument> { new("@resource_type", DbType.String, query.ResourceType) };
        if (query.Category is not null)
        {
            inner.Append(" AND r.category = @category");
            parameters.Add(new("@category", DbType.String, query.Category));
        }

        if (query.CodeSystem is not null)
        {
            inner.Append(" AND r.code_system = @code_system");
            parameters.Add(new("@code_system", DbType.String, query.CodeSystem));
        }

        if (query.Code is not null)
        {
            inner.Append(" AND r.code = @code");
            parameters.Add(new("@code", DbType.String, query.Code));
        }

        if (query.EffectiveFrom is { } from)
        {
            inner.Append(" AND r.effective >= @effective_from");
            parameters.Add(Instant("@effective_from", from));
        }

        if (query.EffectiveBefore is { } before)
        {
            inner.Append(" AND r.effective < @effective_before");
            parameters.Add(Instant("@effective_before", before));
        }

        var columns = new List<string> { "patient_address" };
        columns.AddRange(dimensions.Select(d => d.Alias));
        var middle = new StringBuilder("SELECT ").Append(string.Join(", ", columns));
        if (query.ReadsValue) middle.Append(", value");
        if (query.Measure == ResearchMeasure.Histogram)
        {
            middle.Append(", ").Append(FloorToInteger("value / @bucket_width")).Append(" AS g_bucket");
            parameters.Add(new("@bucket_width", DbType.Double, (double)query.BucketWidth!.Value));
            columns.Add("g_bucket");
        }

        middle.Append("\n  FROM (\n    ").Append(inner).Append("\n  ) s");
        if (query.ReadsValue) middle.Append("\n  WHERE value IS NOT NULL");

        var grouped = string.Join(", ", columns);
        var text = new StringBuilder("SELECT ").Append(grouped).Append(", ").Append(CountRows).Append(" AS record_count");
        if (query.ReadsValue) text.Append(", SUM(value) AS value_sum");
        text.Append("\nFROM (\n  ").Append(middle).Append("\n) t\nGROUP BY ").Append(grouped);
        return new SqlStatement(text.ToString(), parameters);
    }

    public SqlStatement InsertRecord(StoredRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(
            $"INSERT INTO {Table("records")} ({RecordColumns})\nVALUES (@resource_type, @id, @local_patient_id, @category, @code_system, @code, @effective, @json)",
            [
                new("@resource_type", DbType.String, record.ResourceType),
                new("@id", DbType.String, record.Id),
                new("@local_patient_id", DbType.String, record.LocalPatientId),
                new("@category", DbType.String, record.Category),
                new("@code_system", DbType.String, record.CodeSystem),
                new("@code", DbType.String, record.Code),
                Instant("@effective", record.Effective),
                new("@json", DbType.String, record.Json),
            ]);
    }

    /// <summary>Links an address to a new local id unless it is linked already (then changes nothing).</summary>
    public SqlStatement LinkPatient(string patientAddress, string newLocalPatientId, DateTimeOffset createdAt) => new(
        InsertIfAbsent(Table("patient_links"), "patient_address, local_patient_id, created_at",
            "@patient_address, @local_patient_id, @created_at", "patient_address", "@patient_address"),
        [
            new("@patient_address", DbType.String, patientAddress),
            new("@local_patient_id", DbType.String, newLocalPatientId),
            Instant("@created_at", createdAt),
        ]);

    public SqlStatement SelectPatientLink(string patientAddress) => new(
        $"SELECT local_patient_id FROM {Table("patient_links")} WHERE patient_address = @patient_address",
        [new("@patient_address", DbType.String, patientAddress)]);

    /// <summary>Saves a pointer unless its id is saved already (then changes nothing).</summary>
    public SqlStatement InsertPointer(PointerDefinition pointer)
    {
        ArgumentNullException.ThrowIfNull(pointer);
        return new(
            InsertIfAbsent(Table("pointers"), PointerColumns, "@pointer_id, @patient_address, @query, @salt, @created_at", "pointer_id", "@pointer_id"),
            [
                new("@pointer_id", DbType.String, pointer.PointerId),
                new("@patient_address", DbType.String, pointer.PatientAddress),
                new("@query", DbType.String, pointer.Query),
                new("@salt", DbType.String, pointer.Salt),
                Instant("@created_at", pointer.CreatedAt),
            ]);
    }

    public SqlStatement SelectPointer(string pointerId) => new(
        $"SELECT {PointerColumns} FROM {Table("pointers")} WHERE pointer_id = @pointer_id",
        [new("@pointer_id", DbType.String, pointerId)]);

    /// <summary>The pointers with these ids (at most <see cref="MaxPointersPerStatement"/>), in no particular order.</summary>
    public SqlStatement SelectPointers(IReadOnlyList<string> pointerIds)
    {
        ArgumentNullException.ThrowIfNull(pointerIds);
        ArgumentOutOfRangeException.ThrowIfZero(pointerIds.Count, nameof(pointerIds));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pointerIds.Count, MaxPointersPerStatement, nameof(pointerIds));
        var names = Enumerable.Range(0, pointerIds.Count).Select(i => $"@pointer_id_{i}").ToList();
        return new(
            $"SELECT {PointerColumns} FROM {Table("pointers")} WHERE pointer_id IN ({string.Join(", ", names)})",
            names.Select((name, i) => new SqlArgument(name, DbType.String, pointerIds[i])).ToList());
    }

    public SqlStatement SelectPointersOfPatient(string patientAddress) => new(
        $"SELECT {PointerColumns} FROM {Table("pointers")} WHERE patient_address = @patient_address ORDER BY created_at, pointer_id",
        [new("@patient_address", DbType.String, patientAddress)]);

    public SqlStatement InsertAudit(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return new(
            $"INSERT INTO {Table("audit_entries")} ({AuditColumns})\nVALUES (@id, @occurred_at, @provider, @patient, @asker, @pointer_id, @action, @granted, @reason, @request_hash, @purpose)",
            [
                new("@id", DbType.String, entry.Id),
                Instant("@occurred_at", entry.Time),
                new("@provider", DbType.String, entry.Provider),
                new("@patient", DbType.String, entry.Patient),
                new("@asker", DbType.String, entry.Asker),
                new("@pointer_id", DbType.String, entry.PointerId),
                new("@action", DbType.String, entry.Action.ToWire()),
                new("@granted", DbType.Boolean, entry.Granted),
                new("@reason", DbType.String, entry.Reason),
                new("@request_hash", DbType.String, entry.RequestHash),
                new("@purpose", DbType.String, entry.Purpose),
            ]);
    }

    /// <summary>Several audit entries in one multi-row INSERT (at most <see cref="MaxAuditEntriesPerStatement"/>), stored
    /// in the given order.</summary>
    public SqlStatement InsertAudits(IReadOnlyList<AuditEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentOutOfRangeException.ThrowIfZero(entries.Count, nameof(entries));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(entries.Count, MaxAuditEntriesPerStatement, nameof(entries));
        var text = new StringBuilder($"INSERT INTO {Table("audit_entries")} ({AuditColumns})\nVALUES");
        var parameters = new List<SqlArgument>(entries.Count * 11);
        for (var i = 0; i < entries.Count; i++)
        {
            var entry = entries[i] ?? throw new ArgumentException("An audit entry is missing.", nameof(entries));
            text.Append(i == 0 ? "\n" : ",\n")
                .Append($"(@id_{i}, @occurred_at_{i}, @provider_{i}, @patient_{i}, @asker_{i}, @pointer_id_{i}, @action_{i}, @granted_{i}, @reason_{i}, @request_hash_{i}, @purpose_{i})");
            parameters.AddRange(
            [
                new($"@id_{i}", DbType.String, entry.Id),
                Instant($"@occurred_at_{i}", entry.Time),
                new($"@provider_{i}", DbType.String, entry.Provider),
                new($"@patient_{i}", DbType.String, entry.Patient),
                new($"@asker_{i}", DbType.String, entry.Asker),
                new($"@pointer_id_{i}", DbType.String, entry.PointerId),
                new($"@action_{i}", DbType.String, entry.Action.ToWire()),
                new($"@granted_{i}", DbType.Boolean, entry.Granted),
                new($"@reason_{i}", DbType.String, entry.Reason),
                new($"@request_hash_{i}", DbType.String, entry.RequestHash),
                new($"@purpose_{i}", DbType.String, entry.Purpose),
            ]);
        }

        return new SqlStatement(text.ToString(), parameters);
    }

    /// <summary>A patient's audit entries, newest first (by time, then by insertion).</summary>
    public SqlStatement SelectAuditOfPatient(string patient, int limit) => new(
        $"SELECT {TopClause("@limit")}{AuditColumns}\nFROM {Table("audit_entries")}\nWHERE patient = @patient\nORDER BY occurred_at DESC, seq DESC{LimitClause("@limit")}",
        [new("@patient", DbType.String, patient), new("@limit", DbType.Int32, limit)]);

    /// <summary>The audit entries of one asker and action (a researcher's queries), newest first.</summary>
    public SqlStatement SelectAuditOfAsker(string asker, AccessAction action, int limit) => new(
        $"SELECT {TopClause("@limit")}{AuditColumns}\nFROM {Table("audit_entries")}\nWHERE asker = @asker AND action = @action\nORDER BY occurred_at DESC, seq DESC{LimitClause("@limit")}",
        [new("@asker", DbType.String, asker), new("@action", DbType.String, action.ToWire()), new("@limit", DbType.Int32, limit)]);

    /// <summary>The audit entries with <paramref name="firstSeq"/> &lt;= seq &lt;= <paramref name="lastSeq"/>, in seq
    /// order, at most <paramref name="limit"/>: what an audit anchor's Merkle tree is built over (ADR 0010).</summary>
    public SqlStatement SelectAuditBySeq(long firstSeq, long lastSeq, int limit) => new(
        $"SELECT {TopClause("@limit")}seq, {AuditColumns}\nFROM {Table("audit_entries")}\nWHERE seq >= @first_seq AND seq <= @last_seq\nORDER BY seq{LimitClause("@limit")}",
        [new("@first_seq", DbType.Int64, firstSeq), new("@last_seq", DbType.Int64, lastSeq), new("@limit", DbType.Int32, limit)]);

    /// <summary>One audit entry by id, with its seq.</summary>
    public SqlStatement SelectAuditById(string id) => new(
        $"SELECT seq, {AuditColumns}\nFROM {Table("audit_entries")}\nWHERE id = @id",
        [new("@id", DbType.String, id)]);

    /// <summary>Stores one break-the-glass justification (ADR 0011); its commitment is unique.</summary>
    public SqlStatement InsertEmergencyJustification(EmergencyJustification justification)
    {
        ArgumentNullException.ThrowIfNull(justification);
        return new(
            $"INSERT INTO {Table("emergency_justifications")} ({JustificationColumns})\nVALUES (@commitment, @patient, @salt, @justification, @duration_seconds, @recorded_at, @transaction_hash)",
            [
                new("@commitment", DbType.String, justification.JustificationCommitment),
                new("@patient", DbType.String, justification.Patient),
                new("@salt", DbType.String, justification.Salt),
                new("@justification", DbType.String, justification.Justification),
                new("@duration_seconds", DbType.Int64, checked((long)justification.DurationSeconds)),
                Instant("@recorded_at", justification.RecordedAt),
                new("@transaction_hash", DbType.String, justification.TransactionHash),
            ]);
    }

    /// <summary>Notes the transaction (or the refusal) of the justification with this commitment.</summary>
    public SqlStatement UpdateEmergencyJustificationSent(string commitment, string transactionHash) => new(
        $"UPDATE {Table("emergency_justifications")} SET transaction_hash = @transaction_hash WHERE commitment = @commitment",
        [new("@transaction_hash", DbType.String, transactionHash), new("@commitment", DbType.String, commitment)]);

    /// <summary>The provider's justifications, newest first (by recording time, then by insertion).</summary>
    public SqlStatement SelectEmergencyJustifications(int limit) => new(
        $"SELECT {TopClause("@limit")}{JustificationColumns}\nFROM {Table("emergency_justifications")}\nORDER BY recorded_at DESC, seq DESC{LimitClause("@limit")}",
        [new("@limit", DbType.Int32, limit)]);

    /// <summary>An instant as this database takes it (UTC, microseconds; see <see cref="StoreInstant"/>).</summary>
    public virtual SqlArgument Instant(string name, DateTimeOffset? value) =>
        new(name, DbType.DateTimeOffset, value is { } instant ? StoreInstant.Normalize(instant) : null);

    /// <summary>Reads an instant written with <see cref="Instant"/>.</summary>
    public virtual DateTimeOffset ReadInstant(DbDataReader reader, int ordinal) =>
        StoreInstant.Normalize(reader.GetFieldValue<DateTimeOffset>(ordinal));

    /// <summary>The UTC year of an instant column, as an integer.</summary>
    protected abstract string YearOf(string column);

    /// <summary>The record's numeric valueQuantity.value as a double, NULL when it has none or it is not a number.</summary>
    protected abstract string ValueQuantityValue { get; }

    /// <summary>A join that <see cref="ValueQuantityValue"/> reads from (the parsed document), or null.</summary>
    protected virtual string? ValueQuantityJoin => null;

    /// <summary>floor(<paramref name="expression"/>) as a 64-bit integer.</summary>
    protected virtual string FloorToInteger(string expression) => $"CAST(FLOOR({expression}) AS bigint)";

    /// <summary>The row count of a group, 64-bit.</summary>
    protected virtual string CountRows => "COUNT(*)";

    /// <summary>The qualified name of one of the store's tables.</summary>
    protected string Table(string name) => _prefix + name;

    /// <summary>ORDER BY clause of records: effective ascending with records without one first, then id.</summary>
    protected abstract string RecordOrder { get; }

    /// <summary>Text right after SELECT that limits the rows (SQL Server's TOP), or "".</summary>
    protected virtual string TopClause(string parameter) => "";

    /// <summary>Text at the end that limits the rows (LIMIT), or "".</summary>
    protected virtual string LimitClause(string parameter) => $"\nLIMIT {parameter}";

    /// <summary>An INSERT of one row that does nothing when the key is taken.</summary>
    protected virtual string InsertIfAbsent(string table, string columns, string values, string keyColumn, string keyParameter) =>
        $"INSERT INTO {table} ({columns})\nVALUES ({values})\nON CONFLICT ({keyColumn}) DO NOTHING";

    [GeneratedRegex(SchemaNamePattern, RegexOptions.CultureInvariant)]
    private static partial Regex SchemaName();
}
