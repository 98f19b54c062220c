using System.Data.Common;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Task = System.Threading.Tasks.Task;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Audit;
using MedRec.Grains.Abstractions.Telemetry;

namespace MedRec.Grains.Records;

/// <summary>
/// What the three provider stores share: they differ in their connections, their SQL dialect and how they report a
/// taken key. Every statement comes from the <see cref="Dialect"/>, with every value as a parameter.
/// </summary>
public abstract partial class RelationalProviderStore : IProviderStore
{
    /// <summary>Longest audit entry id a store keeps.</summary>
    public const int MaxAuditIdLength = 128;

    /// <summary>Longest audit patient value a store keeps (an address is 42).</summary>
    public const int MaxAuditPatientLength = 256;

    /// <summary>Most audit entries one call returns.</summary>
    public const int MaxAuditLimit = 10_000;

    protected RelationalProviderStore(ProviderSqlDialect dialect, TimeProvider? timeProvider)
    {
        Dialect = dialect ?? throw new ArgumentNullException(nameof(dialect));
        Time = timeProvider ?? TimeProvider.System;
    }

    public ProviderSqlDialect Dialect { get; }

    protected TimeProvider Time { get; }

    /// <summary>Applies every embedded migration the database lacks, in one transaction under the migration lock;
    /// applied versions are skipped (their checksums must match).</summary>
    /// <exception cref="StoreMigrationException">An applied migration differs from the embedded one.</exception>
    public virtual Task MigrateAsync(CancellationToken cancellationToken) => MigrateToAsync(int.MaxValue, cancellationToken);

    /// <summary>Applies the embedded migrations the database lacks up to and including <paramref name="version"/>, as
    /// <see cref="MigrateAsync"/> does: a schema as an older host left it, for upgrade tests and staged upgrades.</summary>
    /// <exception cref="StoreMigrationException">An applied migration differs from the embedded one.</exception>
    public async Task MigrateToAsync(int version, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var statement in Dialect.BeginMigration())
        {
            await ExecuteAsync(connection, transaction, statement, cancellationToken);
        }

        var applied = await ReadAppliedAsync(connection, transaction, cancellationToken);
        foreach (var migration in Dialect.Migrations.TakeWhile(m => m.Version <= version))
        {
            if (applied.TryGetValue(migration.Version, out var checksum))
            {
                if (!string.Equals(checksum, migration.Checksum, StringComparison.OrdinalIgnoreCase))
                {
                    throw new StoreMigrationException(
                        $"{Describe()}: version {migration.Version} was applied with checksum {checksum}, but the embedded {migration.Name} has {migration.Checksum}. " +
                        "An applied migration must not change; put the change in a new one.");
                }

                continue;
            }

            await ExecuteAsync(connection, transaction, new SqlStatement(Dialect.MigrationText(migration)), cancellationToken);
            await ExecuteAsync(connection, transaction, Dialect.RecordMigration(migration, Time.GetUtcNow()), cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The applied migrations: version -> checksum; empty before the first <see cref="MigrateAsync"/>.</summary>
    public async Task<IReadOnlyDictionary<int, string>> AppliedMigrationsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        try
        {
            return await ReadAppliedAsync(connection, transaction: null, cancellationToken);
        }
        catch (DbException error) when (IsMissingTable(error))
        {
            return new Dictionary<int, string>();
        }
    }

    public async Task<string> LinkPatientAsync(string patientAddress, CancellationToken cancellationToken)
    {
        var address = Addresses.Normalize(patientAddress, nameof(patientAddress));
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await ExecuteAsync(connection, null, Dialect.LinkPatient(address, Guid.NewGuid().ToString("N"), Time.GetUtcNow()), cancellationToken);
        await using var command = CreateCommand(connection, null, Dialect.SelectPatientLink(address));
        return await command.ExecuteScalarAsync(cancellationToken) as string
            ?? throw new InvalidOperationException($"{Describe()}: the link of {address} was written but does not read back.");
    }

    public async Task<StoredRecord> AddRecordAsync(string localPatientId, Resource resource, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (localPatientId is null || !FhirId().IsMatch(localPatientId))
        {
            throw new ArgumentException($"Local patient id '{localPatientId}' is not a FHIR id ([A-Za-z0-9.-], 1 to 64 characters).", nameof(localPatientId));
        }

        // The caller's resource stays as it was: the store writes a copy.
        var copy = (Resource)resource.DeepCopy();
        SearchColumns.AssignPatient(copy, localPatientId);
        copy.Id ??= Guid.NewGuid().ToString();
        if (!FhirId().IsMatch(copy.Id))
        {
            throw new ArgumentException($"Resource id '{copy.Id}' is not a FHIR id ([A-Za-z0-9.-], 1 to 64 characters).", nameof(resource));
        }

        var columns = SearchColumns.Extract(copy);
        var record = new StoredRecord(copy.TypeName, copy.Id, localPatientId, columns.Category, columns.CodeSystem, columns.Code,
            columns.Effective, FhirJson.Serialize(copy));

        await using var connection = await OpenConnectionAsync(cancellationToken);
        try
        {
            await ExecuteAsync(connection, null, Dialect.InsertRecord(record), cancellationToken);
        }
        catch (DbException error) when (IsUniqueViolation(error))
        {
            throw new StoreConflictException($"{Describe()} already holds {record.ResourceType}/{record.Id}; records are added, never replaced.", error);
        }

        return record;
    }

    public async Task<IReadOnlyList<StoredRecord>> QueryAsync(PointerQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var activity = MedRecTelemetry.StartStoreQuery(Dialect.Kind.ToString(), "query", query.ResourceType);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = CreateCommand(connection, null, Dialect.SelectRecords(query));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await ReadRecordsAsync(reader, cancellationToken);
    }

    public async Task<IReadOnlyList<PointerRead>> ReadPointersAsync(
        IReadOnlyList<string> pointerIds, Func<PointerDefinition, PointerQuery?> queryOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pointerIds);
        ArgumentNullException.ThrowIfNull(queryOf);
        if (pointerIds.Count == 0) return [];
        using var activity = MedRecTelemetry.StartStoreQuery(Dialect.Kind.ToString(), "read-pointers", resourceType: null);
        var ids = pointerIds.Select(id => id?.ToLowerInvariant() ?? throw new ArgumentException("A pointer id is missing.", nameof(pointerIds))).ToList();

        // One connection for the whole read: every connection taken from the pool costs the database a reset.
        await using var connection = await OpenConnectionAsync(cancellationToken);
        var definitions = new Dictionary<string, PointerDefinition>(StringComparer.Ordinal);
        foreach (var chunk in ids.Distinct(StringComparer.Ordinal).Chunk(ProviderSqlDialect.MaxPointersPerStatement))
        {
            await using var command = CreateCommand(connection, null, Dialect.SelectPointers(chunk));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var definition = ReadPointer(reader);
                definitions[definition.PointerId] = definition;
            }
        }

        var queries = ids.Select(id => definitions.TryGetValue(id, out var definition) ? queryOf(definition) : null).ToList();
        var results = await QueryManyAsync(connection, queries.OfType<PointerQuery>().ToList(), cancellationToken);
        var reads = new List<PointerRead>(ids.Count);
        var next = 0;
        for (var i = 0; i < ids.Count; i++)
        {
            reads.Add(new PointerRead(ids[i], definitions.GetValueOrDefault(ids[i]), queries[i], queries[i] is null ? null : results[next++]));
        }

        return reads;
    }

    /// <summary>Saves a pointer; saving the same pointer again changes nothing.</summary>
    /// <exception cref="StoreConflictException">The pointer id is saved with another patient, query or salt.</exception>
    public async Task SavePointerAsync(PointerDefinition pointer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pointer);
        var normalized = ValidatePointer(pointer);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        if (await ExecuteAsync(connection, null, Dialect.InsertPointer(normalized), cancellationToken) == 1) return;

        var saved = await FindPointerAsync(connection, normalized.PointerId, cancellationToken);
        if (saved is null || saved.PatientAddress != normalized.PatientAddress || saved.Query != normalized.Query || saved.Salt != normalized.Salt)
        {
            throw new StoreConflictException($"{Describe()} already holds pointer {normalized.PointerId} with another patient, query or salt.");
        }
    }

    public async Task<PointerDefinition?> FindPointerAsync(string pointerId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pointerId);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        return await FindPointerAsync(connection, pointerId.ToLowerInvariant(), cancellationToken);
    }

    public async Task<IReadOnlyList<PointerDefinition>> PointersOfPatientAsync(string patientAddress, CancellationToken cancellationToken)
    {
        var address = Addresses.Normalize(patientAddress, nameof(patientAddress));
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = CreateCommand(connection, null, Dialect.SelectPointersOfPatient(address));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var pointers = new List<PointerDefinition>();
        while (await reader.ReadAsync(cancellationToken)) pointers.Add(ReadPointer(reader));
        return pointers;
    }

    /// <summary>Appends one audit entry; its patient is stored lowercase (addresses are compared lowercase).</summary>
    /// <exception cref="StoreConflictException">An entry with this id is stored already.</exception>
    public async Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken)
    {
        var normalized = ValidateAudit(entry, nameof(entry));
        await using var connection = await OpenConnectionAsync(cancellationToken);
        try
        {
            await ExecuteAsync(connection, null, Dialect.InsertAudit(normalized), cancellationToken);
        }
        catch (DbException error) when (IsUniqueViolation(error))
        {
            throw new StoreConflictException($"{Describe()} already holds audit entry {entry.Id}.", error);
        }
    }

    /// <summary>Appends several audit entries as <see cref="AppendAuditAsync(AuditEntry, CancellationToken)"/> does
    /// one, all or none.</summary>
    /// <exception cref="StoreConflictException">An entry with one of these ids is stored already (none is stored).</exception>
    public async Task AppendAuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var normalized = entries.Select(entry => ValidateAudit(entry, nameof(entries))).ToList();
        if (normalized.Count == 0) return;
        var chunks = normalized.Chunk(ProviderSqlDialect.MaxAuditEntriesPerStatement).ToList();
        await using var connection = await OpenConnectionAsync(cancellationToken);
        try
        {
            if (chunks.Count == 1)
            {
                await ExecuteAsync(connection, null, Dialect.InsertAudits(chunks[0]), cancellationToken);
                return;
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            foreach (var chunk in chunks) await ExecuteAsync(connection, transaction, Dialect.InsertAudits(chunk), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbException error) when (IsUniqueViolation(error))
        {
            throw new StoreConflictException($"{Describe()} already holds one of the audit entries {string.Join(", ", normalized.Select(e => e.Id))}.", error);
        }
    }

    public async Task<IReadOnlyList<ResearchRow>> ResearchRowsAsync(ResearchQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var activity = MedRecTelemetry.StartStoreQuery(Dialect.Kind.ToString(), "research", query.ResourceType);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = CreateCommand(connection, null, Dialect.SelectResearchRows(query));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<ResearchRow>();
        var year = query.Groups.HasFlag(ResearchGroup.Year);
        var category = query.Groups.HasFlag(ResearchGroup.Category);
        var code = query.Groups.HasFlag(ResearchGroup.Code);
        var bucket = query.Measure == ResearchMeasure.Histogram;
        while (await reader.ReadAsync(cancellationToken))
        {
            var i = 1;
            var cell = new Abstractions.Research.ResearchCellKey(
                year ? NullableInt32(reader, i++) : null,
                category ? NullableString(reader, i++) : null,
                code ? NullableString(reader, i++) : null,
                code ? NullableString(reader, i++) : null,
                bucket ? (long?)Convert.ToInt64(reader.GetValue(i++), System.Globalization.CultureInfo.InvariantCulture) : null);
            var records = Convert.ToInt64(reader.GetValue(i++), System.Globalization.CultureInfo.InvariantCulture);
            var sum = query.ReadsValue ? Convert.ToDouble(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture) : 0d;
            rows.Add(new ResearchRow(reader.GetString(0), cell, records, sum));
        }

        return rows;
    }

    public Task<IReadOnlyList<AuditEntry>> AuditOfPatientAsync(string patientAddress, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(patientAddress);
        return ReadAuditAsync(Dialect.SelectAuditOfPatient(patientAddress.ToLowerInvariant(), CheckedLimit(limit)), cancellationToken);
    }

    public Task<IReadOnlyList<AuditEntry>> AuditOfAskerAsync(string asker, AccessAction action, int limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(asker);
        return ReadAuditAsync(Dialect.SelectAuditOfAsker(asker.ToLowerInvariant(), action, CheckedLimit(limit)), cancellationToken);
    }

    /// <summary>The audit entries with seq in [<paramref name="firstSeq"/>, <paramref name="lastSeq"/>], in seq order,
    /// at most <paramref name="limit"/>.</summary>
    public Task<IReadOnlyList<SequencedAuditEntry>> AuditBySeqAsync(long firstSeq, long lastSeq, int limit, CancellationToken cancellationToken) =>
        ReadSequencedAuditAsync(Dialect.SelectAuditBySeq(firstSeq, lastSeq, CheckedLimit(limit)), cancellationToken);

    public async Task<SequencedAuditEntry?> FindAuditAsync(string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(id);
        var found = await ReadSequencedAuditAsync(Dialect.SelectAuditById(id), cancellationToken);
        return found.Count == 0 ? null : found[0];
    }

    private async Task<IReadOnlyList<SequencedAuditEntry>> ReadSequencedAuditAsync(SqlStatement statement, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = CreateCommand(connection, null, statement);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<SequencedAuditEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var action = reader.GetString(7);
            entries.Add(new SequencedAuditEntry(
                Convert.ToInt64(reader.GetValue(0), System.Globalization.CultureInfo.InvariantCulture),
                new AuditEntry(
                    reader.GetString(1),
                    Dialect.ReadInstant(reader, 2),
                    reader.GetString(3),
                    reader.GetString(4),
                    reader.GetString(5),
                    reader.GetString(6),
                    AccessActions.TryParse(action, out var parsed) ? parsed : throw new InvalidDataException($"{Describe()}: unknown audit action '{action}'."),
                    reader.GetBoolean(8),
                    reader.GetString(9),
                    reader.GetString(10),
                    reader.GetString(11))));
        }

        return entries;
    }

    /// <summary>Stores a justification as given; its patient is stored lowercase, its commitment and salt must be
    /// 0x + 64 hex digits (stored lowercase).</summary>
    /// <exception cref="StoreConflictException">A justification with this commitment is stored already.</exception>
    public async Task RecordEmergencyJustificationAsync(EmergencyJustification justification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(justification);
        if (string.IsNullOrEmpty(justification.Justification))
        {
            throw new ArgumentException("A justification needs its text.", nameof(justification));
        }

        if (justification.DurationSeconds is 0 or > long.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(justification), justification.DurationSeconds, "The duration must be positive and fit 64-bit signed.");
        }

        var normalized = justification with
        {
            Patient = Addresses.Normalize(justification.Patient, nameof(justification)),
            JustificationCommitment = Hex32.Normalize(justification.JustificationCommitment, nameof(justification)),
            Salt = Hex32.Normalize(justification.Salt, nameof(justification)),
        };
        await using var connection = await OpenConnectionAsync(cancellationToken);
        try
        {
            await ExecuteAsync(connection, null, Dialect.InsertEmergencyJustification(normalized), cancellationToken);
        }
        catch (DbException error) when (IsUniqueViolation(error))
        {
            throw new StoreConflictException($"{Describe()} already holds the emergency justification {normalized.JustificationCommitment}.", error);
        }
    }

    /// <exception cref="KeyNotFoundException">No justification has this commitment.</exception>
    public async Task MarkEmergencyJustificationSentAsync(string justificationCommitment, string transactionHash, CancellationToken cancellationToken)
    {
        var commitment = Hex32.Normalize(justificationCommitment, nameof(justificationCommitment));
        ArgumentException.ThrowIfNullOrEmpty(transactionHash);
        await using var connection = await OpenConnectionAsync(cancellationToken);
        if (await ExecuteAsync(connection, null, Dialect.UpdateEmergencyJustificationSent(commitment, transactionHash), cancellationToken) == 0)
        {
            throw new KeyNotFoundException($"{Describe()} holds no emergency justification {commitment}.");
        }
    }

    public async Task<IReadOnlyList<EmergencyJustification>> EmergencyJustificationsAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = CreateCommand(connection, null, Dialect.SelectEmergencyJustifications(CheckedLimit(limit)));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var justifications = new List<EmergencyJustification>();
        while (await reader.ReadAsync(cancellationToken))
        {
            justifications.Add(new EmergencyJustification(
                reader.GetString(1),
                reader.GetString(0),
                reader.GetString(2),
                reader.GetString(3),
                (ulong)Convert.ToInt64(reader.GetValue(4), System.Globalization.CultureInfo.InvariantCulture),
                Dialect.ReadInstant(reader, 5),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return justifications;
    }

    private static int CheckedLimit(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxAuditLimit);
        return limit;
    }

    private async Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(SqlStatement statement, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken);
        await using var command = CreateCommand(connection, null, statement);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var entries = new List<AuditEntry>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var action = reader.GetString(6);
            entries.Add(new AuditEntry(
                reader.GetString(0),
                Dialect.ReadInstant(reader, 1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                reader.GetString(5),
                AccessActions.TryParse(action, out var parsed) ? parsed : throw new InvalidDataException($"{Describe()}: unknown audit action '{action}'."),
                reader.GetBoolean(7),
                reader.GetString(8),
                reader.GetString(9),
                reader.GetString(10)));
        }

        return entries;
    }

    public override string ToString() => Describe();

    /// <summary>An open connection to the provider's database.</summary>
    protected abstract ValueTask<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken);

    /// <summary>Opens a new connection, disposing of it when it does not open.</summary>
    protected static async ValueTask<DbConnection> OpenAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>Whether the error is a unique or primary key violation.</summary>
    protected abstract bool IsUniqueViolation(DbException error);

    /// <summary>Whether the error says a table does not exist (the store was never migrated).</summary>
    protected abstract bool IsMissingTable(DbException error);

    /// <summary>Names the store in messages, without credentials.</summary>
    protected abstract string Describe();

    private static DbCommand CreateCommand(DbConnection connection, DbTransaction? transaction, SqlStatement statement)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = statement.Text;
        foreach (var argument in statement.Parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = argument.Name;
            parameter.DbType = argument.Type;
            parameter.Value = argument.Value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static async Task<int> ExecuteAsync(DbConnection connection, DbTransaction? transaction, SqlStatement statement, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(connection, transaction, statement);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<Dictionary<int, string>> ReadAppliedAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(connection, transaction, Dialect.SelectAppliedMigrations());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var applied = new Dictionary<int, string>();
        while (await reader.ReadAsync(cancellationToken)) applied[reader.GetInt32(0)] = reader.GetString(1).Trim();
        return applied;
    }

    /// <summary>Runs the queries on one connection: as one batch (one round trip) where the provider supports
    /// batches, else one after another.</summary>
    private async Task<List<IReadOnlyList<StoredRecord>>> QueryManyAsync(
        DbConnection connection, IReadOnlyList<PointerQuery> queries, CancellationToken cancellationToken)
    {
        var results = new List<IReadOnlyList<StoredRecord>>(queries.Count);
        if (queries.Count > 1 && connection.CanCreateBatch)
        {
            await using var batch = connection.CreateBatch();
            foreach (var query in queries) batch.BatchCommands.Add(CreateBatchCommand(batch, Dialect.SelectRecords(query)));
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            do
            {
                results.Add(await ReadRecordsAsync(reader, cancellationToken));
            }
            while (await reader.NextResultAsync(cancellationToken));

            if (results.Count != queries.Count)
            {
                throw new InvalidOperationException($"{Describe()}: a batch of {queries.Count} queries gave {results.Count} results.");
            }

            return results;
        }

        foreach (var query in queries)
        {
            await using var command = CreateCommand(connection, null, Dialect.SelectRecords(query));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            results.Add(await ReadRecordsAsync(reader, cancellationToken));
        }

        return results;
    }

    private async Task<IReadOnlyList<StoredRecord>> ReadRecordsAsync(DbDataReader reader, CancellationToken cancellationToken)
    {
        var records = new List<StoredRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            records.Add(new StoredRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                NullableString(reader, 3),
                NullableString(reader, 4),
                NullableString(reader, 5),
                reader.IsDBNull(6) ? null : Dialect.ReadInstant(reader, 6),
                reader.GetString(7)));
        }

        return records;
    }

    private static DbBatchCommand CreateBatchCommand(DbBatch batch, SqlStatement statement)
    {
        var command = batch.CreateBatchCommand();
        command.CommandText = statement.Text;
        foreach (var argument in statement.Parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = argument.Name;
            parameter.DbType = argument.Type;
            parameter.Value = argument.Value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static AuditEntry ValidateAudit(AuditEntry? entry, string parameterName)
    {
        ArgumentNullException.ThrowIfNull(entry, parameterName);
        if (string.IsNullOrEmpty(entry.Id) || entry.Id.Length > MaxAuditIdLength)
        {
            throw new ArgumentException($"An audit entry id has 1 to {MaxAuditIdLength} characters.", parameterName);
        }

        if (entry.Patient is null || entry.Patient.Length > MaxAuditPatientLength)
        {
            throw new ArgumentException($"An audit entry's patient has at most {MaxAuditPatientLength} characters.", parameterName);
        }

        return entry with { Patient = entry.Patient.ToLowerInvariant() };
    }

    private async Task<PointerDefinition?> FindPointerAsync(DbConnection connection, string pointerId, CancellationToken cancellationToken)
    {
        await using var command = CreateCommand(connection, null, Dialect.SelectPointer(pointerId));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadPointer(reader) : null;
    }

    private PointerDefinition ReadPointer(DbDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), Dialect.ReadInstant(reader, 4));

    private static PointerDefinition ValidatePointer(PointerDefinition pointer)
    {
        if (!Hex32.IsValid(pointer.PointerId))
        {
            throw new ArgumentException($"Pointer id '{pointer.PointerId}' is not 0x followed by 64 hex digits.", nameof(pointer));
        }

        if (!Hex32.IsValid(pointer.Salt))
        {
            throw new ArgumentException("The pointer's salt is not 0x followed by 64 hex digits.", nameof(pointer));
        }

        // Only canonical queries are kept, so the text read back is the text the commitment on chain covers.
        var query = PointerQuery.Parse(pointer.Query);
        if (query.Canonical != pointer.Query)
        {
            throw new ArgumentException($"The pointer's query is not in canonical form; save '{query.Canonical}'.", nameof(pointer));
        }

        return pointer with
        {
            PointerId = pointer.PointerId.ToLowerInvariant(),
            PatientAddress = Addresses.Normalize(pointer.PatientAddress, nameof(pointer)),
            Salt = pointer.Salt.ToLowerInvariant(),
            CreatedAt = StoreInstant.Normalize(pointer.CreatedAt),
        };
    }

    private static string? NullableString(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static int? NullableInt32(DbDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Convert.ToInt32(reader.GetValue(ordinal), System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\A[A-Za-z0-9.\-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex FhirId();
}
