using System.Data;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Records;

namespace MedRec.Grains.Tests.Records;

/// <summary>No SQL Server runs here: its statements are checked as text and parameters.</summary>
public sealed class SqlServerDialectTests
{
    private readonly SqlServerDialect _dialect = new("provider_a");

    [Fact]
    public void A_query_with_every_filter_is_fixed_text_with_typed_parameters()
    {
        var query = PointerQuery.Parse(
            "Observation?patient=p1&category=vital-signs&code=http://loinc.org|8867-4&date=ge2024-01-01&date=lt2024-02-01T10:00:00+01:00&_count=25");

        var statement = _dialect.SelectRecords(query);

        Assert.Equal(
            "SELECT TOP (@count) resource_type, id, local_patient_id, category, code_system, code, effective, json\n" +
            "FROM [provider_a].records\n" +
            "WHERE local_patient_id = @patient AND resource_type = @resource_type\n" +
            "  AND category = @category\n" +
            "  AND code_system = @code_system\n" +
            "  AND code = @code\n" +
            "  AND effective >= @effective_from\n" +
            "  AND effective < @effective_before\n" +
            "ORDER BY effective ASC, id ASC",
            statement.Text);
        Assert.Equal(
            [
                new SqlArgument("@patient", DbType.String, "p1"),
                new SqlArgument("@resource_type", DbType.String, "Observation"),
                new SqlArgument("@category", DbType.String, "vital-signs"),
                new SqlArgument("@code_system", DbType.String, "http://loinc.org"),
                new SqlArgument("@code", DbType.String, "8867-4"),
                new SqlArgument("@effective_from", DbType.DateTimeOffset, new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero)),
                new SqlArgument("@effective_before", DbType.DateTimeOffset, new DateTimeOffset(2024, 2, 1, 9, 0, 0, TimeSpan.Zero)),
                new SqlArgument("@count", DbType.Int32, 25),
            ],
            statement.Parameters);
    }

    [Fact]
    public void A_query_without_filters_or_count_has_no_top_and_two_parameters()
    {
        var statement = _dialect.SelectRecords(PointerQuery.Parse("Condition?patient=p2"));

        Assert.Equal(
            "SELECT resource_type, id, local_patient_id, category, code_system, code, effective, json\n" +
            "FROM [provider_a].records\n" +
            "WHERE local_patient_id = @patient AND resource_type = @resource_type\n" +
            "ORDER BY effective ASC, id ASC",
            statement.Text);
        Assert.Equal(["@patient", "@resource_type"], statement.Parameters.Select(p => p.Name));
    }

    [Fact]
    public void A_code_without_system_filters_on_the_code_only()
    {
        var statement = _dialect.SelectRecords(PointerQuery.Parse("MedicationRequest?patient=p2&code=1049621"));

        Assert.Contains("AND code = @code", statement.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("code_system =", statement.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ProviderStoreKind.SqlServer)]
    [InlineData(ProviderStoreKind.PostgreSql)]
    [InlineData(ProviderStoreKind.Sqlite)]
    public void Query_values_never_reach_the_statement_text(ProviderStoreKind kind)
    {
        ProviderSqlDialect dialect = kind switch
        {
            ProviderStoreKind.SqlServer => new SqlServerDialect("s"),
            ProviderStoreKind.PostgreSql => new PostgreSqlDialect("s"),
            _ => new SqliteDialect(),
        };
        var query = PointerQuery.Parse("Procedure?patient=zzpatientzz&category=zzcategoryzz&code=http://zzsystemzz.org|zzcodezz&_count=777");

        var statement = dialect.SelectRecords(query);

        foreach (var value in new[] { "zzpatientzz", "zzcategoryzz", "zzsystemzz", "zzcodezz", "777", "Procedure" })
        {
            Assert.DoesNotContain(value, statement.Text, StringComparison.Ordinal);
        }

        Assert.Equal("zzpatientzz", statement.Parameter("@patient").Value);
        Assert.Equal(777, statement.Parameter("@count").Value);
    }

    [Fact]
    public void Postgresql_and_sqlite_limit_at_the_end_and_put_records_without_an_instant_first()
    {
        var query = PointerQuery.Parse("Observation?patient=p1&_count=3");

        var postgres = new PostgreSqlDialect("provider_b").SelectRecords(query).Text;
        var sqlite = new SqliteDialect().SelectRecords(query).Text;

        Assert.StartsWith("SELECT resource_type,", postgres, StringComparison.Ordinal);
        Assert.Contains("FROM \"provider_b\".records\n", postgres, StringComparison.Ordinal);
        Assert.EndsWith("ORDER BY effective ASC NULLS FIRST, id ASC\nLIMIT @count", postgres, StringComparison.Ordinal);
        Assert.Contains("FROM records\n", sqlite, StringComparison.Ordinal);
        Assert.EndsWith("ORDER BY effective ASC NULLS FIRST, id ASC\nLIMIT @count", sqlite, StringComparison.Ordinal);
    }

    [Fact]
    public void Sqlite_instants_are_fixed_width_utc_text()
    {
        var argument = new SqliteDialect().Instant("@t", new DateTimeOffset(2024, 3, 1, 10, 0, 0, 123, TimeSpan.FromHours(2)).AddTicks(4567));

        Assert.Equal(new SqlArgument("@t", DbType.String, "2024-03-01T08:00:00.123456Z"), argument);
    }

    [Fact]
    public void Instants_are_utc_and_truncated_to_microseconds()
    {
        var argument = _dialect.Instant("@t", new DateTimeOffset(2024, 3, 1, 10, 0, 0, 123, TimeSpan.FromHours(2)).AddTicks(4567));

        var value = Assert.IsType<DateTimeOffset>(argument.Value);
        Assert.Equal(TimeSpan.Zero, value.Offset);
        Assert.Equal(new DateTimeOffset(2024, 3, 1, 8, 0, 0, 123, TimeSpan.Zero).AddTicks(4560), value);
        Assert.Null(_dialect.Instant("@t", null).Value);
    }

    [Fact]
    public void Inserts_if_absent_under_a_key_range_lock()
    {
        var createdAt = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var link = _dialect.LinkPatient("0x00000000000000000000000000000000000000aa", "local1", createdAt);

        Assert.Equal(
            "INSERT INTO [provider_a].patient_links (patient_address, local_patient_id, created_at)\n" +
            "SELECT @patient_address, @local_patient_id, @created_at\n" +
            "WHERE NOT EXISTS (SELECT 1 FROM [provider_a].patient_links WITH (UPDLOCK, HOLDLOCK) WHERE patient_address = @patient_address)",
            link.Text);
        Assert.Equal(
            [
                new SqlArgument("@patient_address", DbType.String, "0x00000000000000000000000000000000000000aa"),
                new SqlArgument("@local_patient_id", DbType.String, "local1"),
                new SqlArgument("@created_at", DbType.DateTimeOffset, createdAt),
            ],
            link.Parameters);

        var pointer = _dialect.InsertPointer(new PointerDefinition("0x" + new string('1', 64), "0x" + new string('a', 40), "Condition?patient=p", "0x" + new string('2', 64), createdAt));
        Assert.Contains("WITH (UPDLOCK, HOLDLOCK) WHERE pointer_id = @pointer_id", pointer.Text, StringComparison.Ordinal);
        Assert.Equal(["@pointer_id", "@patient_address", "@query", "@salt", "@created_at"], pointer.Parameters.Select(p => p.Name));
    }

    [Fact]
    public void Postgresql_inserts_if_absent_with_on_conflict()
    {
        var link = new PostgreSqlDialect("p").LinkPatient("0x00000000000000000000000000000000000000aa", "local1", DateTimeOffset.UnixEpoch);

        Assert.EndsWith("ON CONFLICT (patient_address) DO NOTHING", link.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Records_and_audit_entries_are_inserted_with_parameters_only()
    {
        var record = new StoredRecord("Condition", "c1", "p1", "problem-list-item", "http://snomed.info/sct", "44054006", null, "{\"resourceType\":\"Condition\"}");
        var insert = _dialect.InsertRecord(record);
        Assert.Equal(
            "INSERT INTO [provider_a].records (resource_type, id, local_patient_id, category, code_system, code, effective, json)\n" +
            "VALUES (@resource_type, @id, @local_patient_id, @category, @code_system, @code, @effective, @json)",
            insert.Text);
        Assert.Equal(new SqlArgument("@effective", DbType.DateTimeOffset, null), insert.Parameter("@effective"));
        Assert.Equal(record.Json, insert.Parameter("@json").Value);

        var entry = new AuditEntry("a1", DateTimeOffset.UnixEpoch, "0xprov", "0xpat", "0xasker", "0xptr", AccessAction.ReadAudit, false, "no grant", "", "patient-request");
        var audit = _dialect.InsertAudit(entry);
        Assert.Equal(
            "INSERT INTO [provider_a].audit_entries (id, occurred_at, provider, patient, asker, pointer_id, action, granted, reason, request_hash, purpose)\n" +
            "VALUES (@id, @occurred_at, @provider, @patient, @asker, @pointer_id, @action, @granted, @reason, @request_hash, @purpose)",
            audit.Text);
        Assert.Equal("read-audit", audit.Parameter("@action").Value);
        Assert.Equal(new SqlArgument("@purpose", DbType.String, "patient-request"), audit.Parameter("@purpose"));
        Assert.Equal(new SqlArgument("@granted", DbType.Boolean, false), audit.Parameter("@granted"));

        var select = _dialect.SelectAuditOfPatient("0xpat", 50);
        Assert.Equal(
            "SELECT TOP (@limit) id, occurred_at, provider, patient, asker, pointer_id, action, granted, reason, request_hash, purpose\n" +
            "FROM [provider_a].audit_entries\nWHERE patient = @patient\nORDER BY occurred_at DESC, seq DESC",
            select.Text);
        Assert.Equal([new SqlArgument("@patient", DbType.String, "0xpat"), new SqlArgument("@limit", DbType.Int32, 50)], select.Parameters);
    }

    [Fact]
    public void Several_pointers_and_several_audit_entries_are_one_statement_each_with_a_parameter_per_value()
    {
        var pointers = _dialect.SelectPointers(["0xaa", "0xbb"]);
        Assert.Equal(
            "SELECT pointer_id, patient_address, query, salt, created_at FROM [provider_a].pointers WHERE pointer_id IN (@pointer_id_0, @pointer_id_1)",
            pointers.Text);
        Assert.Equal([new SqlArgument("@pointer_id_0", DbType.String, "0xaa"), new SqlArgument("@pointer_id_1", DbType.String, "0xbb")], pointers.Parameters);

        var first = new AuditEntry("a1", DateTimeOffset.UnixEpoch, "0xprov", "0xpat", "0xasker", "0xptr", AccessAction.Read, true, "granted", "0xh", "treatment");
        var audits = _dialect.InsertAudits([first, first with { Id = "a2'; DROP TABLE x; --", Granted = false, Purpose = "payment" }]);
        Assert.Equal(
            "INSERT INTO [provider_a].audit_entries (id, occurred_at, provider, patient, asker, pointer_id, action, granted, reason, request_hash, purpose)\nVALUES\n" +
            "(@id_0, @occurred_at_0, @provider_0, @patient_0, @asker_0, @pointer_id_0, @action_0, @granted_0, @reason_0, @request_hash_0, @purpose_0),\n" +
            "(@id_1, @occurred_at_1, @provider_1, @patient_1, @asker_1, @pointer_id_1, @action_1, @granted_1, @reason_1, @request_hash_1, @purpose_1)",
            audits.Text);
        Assert.Equal(22, audits.Parameters.Count);
        Assert.Equal(new SqlArgument("@purpose_1", DbType.String, "payment"), audits.Parameter("@purpose_1"));
        Assert.Equal("a2'; DROP TABLE x; --", audits.Parameter("@id_1").Value);
        Assert.Equal(new SqlArgument("@granted_1", DbType.Boolean, false), audits.Parameter("@granted_1"));

        // SQL Server takes at most 2,100 parameters a statement: the dialect refuses more than its per-statement caps.
        Assert.True(ProviderSqlDialect.MaxAuditEntriesPerStatement * 11 < 2_100 && ProviderSqlDialect.MaxPointersPerStatement < 2_100);
        Assert.Throws<ArgumentOutOfRangeException>(() => _dialect.SelectPointers(Enumerable.Repeat("0xaa", ProviderSqlDialect.MaxPointersPerStatement + 1).ToList()));
        Assert.Throws<ArgumentOutOfRangeException>(() => _dialect.InsertAudits(Enumerable.Repeat(first, ProviderSqlDialect.MaxAuditEntriesPerStatement + 1).ToList()));
        Assert.Throws<ArgumentOutOfRangeException>(() => _dialect.InsertAudits([]));
    }

    [Fact]
    public void The_migration_takes_an_app_lock_then_creates_the_schema_and_the_version_table()
    {
        var statements = _dialect.BeginMigration();

        Assert.Equal(3, statements.Count);
        Assert.Contains("sp_getapplock @Resource = @lock_resource, @LockMode = 'Exclusive', @LockOwner = 'Transaction'", statements[0].Text, StringComparison.Ordinal);
        Assert.Contains("THROW", statements[0].Text, StringComparison.Ordinal);
        Assert.Equal("medrec-provider-store:provider_a", statements[0].Parameter("@lock_resource").Value);
        Assert.Equal("IF SCHEMA_ID(@schema_name) IS NULL EXEC(N'CREATE SCHEMA [provider_a]');", statements[1].Text);
        Assert.Equal("provider_a", statements[1].Parameter("@schema_name").Value);
        Assert.StartsWith("IF OBJECT_ID(@version_table, N'U') IS NULL\nCREATE TABLE [provider_a].store_schema_version (", statements[2].Text, StringComparison.Ordinal);
        Assert.Equal("[provider_a].store_schema_version", statements[2].Parameter("@version_table").Value);

        var record = _dialect.RecordMigration(_dialect.Migrations[0], DateTimeOffset.UnixEpoch);
        Assert.Equal("INSERT INTO [provider_a].store_schema_version (version, name, checksum, applied_at) VALUES (@version, @name, @checksum, @applied_at)", record.Text);
        Assert.Equal(1, record.Parameter("@version").Value);
        Assert.Equal(_dialect.Migrations[0].Checksum, record.Parameter("@checksum").Value);
    }

    [Fact]
    public void The_migration_script_creates_the_four_tables_in_the_providers_schema_with_binary_collation()
    {
        var migration = _dialect.Migrations[0];
        var script = _dialect.MigrationText(migration);

        Assert.Equal("0001-provider-store.sql", migration.Name);
        Assert.DoesNotContain("{schema}", script, StringComparison.Ordinal);
        foreach (var table in new[] { "records", "patient_links", "pointers", "audit_entries" })
        {
            Assert.Contains($"CREATE TABLE [provider_a].{table} (", script, StringComparison.Ordinal);
        }

        Assert.Contains("CONSTRAINT UQ_records_resource UNIQUE (resource_type, id)", script, StringComparison.Ordinal);
        Assert.Contains("CREATE INDEX IX_records_search ON [provider_a].records (local_patient_id, resource_type, effective, id);", script, StringComparison.Ordinal);
        Assert.Contains("id nvarchar(64) COLLATE Latin1_General_100_BIN2 NOT NULL", script, StringComparison.Ordinal);
        Assert.Contains("code nvarchar(256) COLLATE Latin1_General_100_BIN2 NULL", script, StringComparison.Ordinal);
        Assert.Contains("effective datetimeoffset(7) NULL", script, StringComparison.Ordinal);
        Assert.Contains("json nvarchar(max) NOT NULL", script, StringComparison.Ordinal);
        Assert.DoesNotContain("GO", script.Split('\n').Select(line => line.Trim()));
        Assert.Equal(SearchColumns.MaxCodeLength, 256);
        Assert.Equal(SearchColumns.MaxSystemLength, 512);
        Assert.Contains($"code_system nvarchar({SearchColumns.MaxSystemLength})", script, StringComparison.Ordinal);
    }

    [Fact]
    public void Migration_2_adds_the_audit_purpose_not_null_with_the_undeclared_default_in_the_providers_schema()
    {
        Assert.Equal([1, 2, 3], _dialect.Migrations.Select(m => m.Version));
        var migration = _dialect.Migrations[1];
        var script = _dialect.MigrationText(migration);

        Assert.Equal("0002-audit-purpose.sql", migration.Name);
        Assert.DoesNotContain("{schema}", script, StringComparison.Ordinal);
        Assert.Contains(
            "ALTER TABLE [provider_a].audit_entries ADD purpose nvarchar(32) NOT NULL CONSTRAINT DF_audit_entries_purpose DEFAULT N'undeclared';",
            script, StringComparison.Ordinal);
        Assert.DoesNotContain("GO", script.Split('\n').Select(line => line.Trim()));
        // The longest wire name fits the column.
        Assert.All(Purposes.All, p => Assert.True(p.ToWire().Length <= 32));
        Assert.Equal(2, _dialect.RecordMigration(migration, DateTimeOffset.UnixEpoch).Parameter("@version").Value);
    }

    [Fact]
    public void Migration_3_creates_the_emergency_justifications_in_the_providers_schema_with_a_unique_commitment()
    {
        var migration = _dialect.Migrations[2];
        var script = _dialect.MigrationText(migration);

        Assert.Equal("0003-emergency-justifications.sql", migration.Name);
        Assert.DoesNotContain("{schema}", script, StringComparison.Ordinal);
        Assert.Contains("CREATE TABLE [provider_a].emergency_justifications (", script, StringComparison.Ordinal);
        Assert.Contains(
            "commitment nvarchar(66) COLLATE Latin1_General_100_BIN2 NOT NULL CONSTRAINT UQ_emergency_justifications_commitment UNIQUE",
            script, StringComparison.Ordinal);
        Assert.Contains("justification nvarchar(max) NOT NULL", script, StringComparison.Ordinal);
        Assert.Contains("transaction_hash nvarchar(max) NULL", script, StringComparison.Ordinal);
        Assert.Contains(
            "CREATE INDEX IX_emergency_justifications_recorded ON [provider_a].emergency_justifications (recorded_at DESC, seq DESC);",
            script, StringComparison.Ordinal);
        Assert.DoesNotContain("GO", script.Split('\n').Select(line => line.Trim()));
        Assert.Equal(3, _dialect.RecordMigration(migration, DateTimeOffset.UnixEpoch).Parameter("@version").Value);
    }

    [Fact]
    public void Emergency_justifications_are_inserted_marked_and_listed_with_parameters_only()
    {
        const string text = "Robert'); DROP TABLE emergency_justifications; --";
        var justification = new EmergencyJustification("0xpat", "0xcommitment", "0xsalt", text, 1_800, DateTimeOffset.UnixEpoch);

        var insert = _dialect.InsertEmergencyJustification(justification);
        Assert.Equal(
            "INSERT INTO [provider_a].emergency_justifications (commitment, patient, salt, justification, duration_seconds, recorded_at, transaction_hash)\n" +
            "VALUES (@commitment, @patient, @salt, @justification, @duration_seconds, @recorded_at, @transaction_hash)",
            insert.Text);
        Assert.Equal(
            [
                new SqlArgument("@commitment", DbType.String, "0xcommitment"),
                new SqlArgument("@patient", DbType.String, "0xpat"),
                new SqlArgument("@salt", DbType.String, "0xsalt"),
                new SqlArgument("@justification", DbType.String, text),
                new SqlArgument("@duration_seconds", DbType.Int64, 1_800L),
                new SqlArgument("@recorded_at", DbType.DateTimeOffset, DateTimeOffset.UnixEpoch),
                new SqlArgument("@transaction_hash", DbType.String, null),
            ],
            insert.Parameters);

        var sent = _dialect.UpdateEmergencyJustificationSent("0xcommitment", "refused: InvalidDuration");
        Assert.Equal("UPDATE [provider_a].emergency_justifications SET transaction_hash = @transaction_hash WHERE commitment = @commitment", sent.Text);
        Assert.Equal(
            [new SqlArgument("@transaction_hash", DbType.String, "refused: InvalidDuration"), new SqlArgument("@commitment", DbType.String, "0xcommitment")],
            sent.Parameters);

        var list = _dialect.SelectEmergencyJustifications(25);
        Assert.Equal(
            "SELECT TOP (@limit) commitment, patient, salt, justification, duration_seconds, recorded_at, transaction_hash\n" +
            "FROM [provider_a].emergency_justifications\nORDER BY recorded_at DESC, seq DESC",
            list.Text);
        Assert.Equal([new SqlArgument("@limit", DbType.Int32, 25)], list.Parameters);
    }

    [Fact]
    public void The_embedded_migrations_are_the_files_in_the_repository()
    {
        foreach (var kind in Enum.GetValues<ProviderStoreKind>())
        {
            var directory = Path.Combine(RepositoryRoot(), "Grains", "Records", "Migrations", kind.ToString());
            var files = Directory.GetFiles(directory, "*.sql").Order(StringComparer.Ordinal).ToList();
            var migrations = StoreMigrations.For(kind);

            Assert.Equal(files.Select(Path.GetFileName), migrations.Select(m => m.Name));
            Assert.Equal(Enumerable.Range(1, files.Count), migrations.Select(m => m.Version));
            for (var i = 0; i < files.Count; i++)
            {
                Assert.Equal(File.ReadAllText(files[i]).Replace("\r\n", "\n", StringComparison.Ordinal), migrations[i].Sql);
                Assert.Matches("^[0-9a-f]{64}$", migrations[i].Checksum);
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("Provider")]
    [InlineData("a b")]
    [InlineData("a]; DROP TABLE x; --")]
    [InlineData("a\"b")]
    [InlineData("1abc")]
    [InlineData("provider-a")]
    [InlineData("schema\n")]
    public void Refuses_a_schema_name_that_is_not_a_plain_identifier(string schema)
    {
        Assert.Throws<ArgumentException>(() => new SqlServerDialect(schema));
        Assert.Throws<ArgumentException>(() => new PostgreSqlDialect(schema));
    }

    [Fact]
    public void A_sql_server_store_connects_only_when_used()
    {
        var store = new SqlServerProviderStore("Server=127.0.0.1,1;Database=medrec;User Id=sa;Password=x;TrustServerCertificate=true", "provider_a");

        Assert.Equal("provider_a", store.Schema);
        Assert.Equal(ProviderStoreKind.SqlServer, store.Dialect.Kind);
        Assert.DoesNotContain("Password", store.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.ThrowsAny<ArgumentException>(() => new SqlServerProviderStore("this is not a connection string"));
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MedRec.Orleans.sln"))) return directory.FullName;
        }

        throw new InvalidOperationException($"MedRec.Orleans.sln was not found above {AppContext.BaseDirectory}.");
    }
}
