using Hl7.Fhir.Model;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Records;
using Task = System.Threading.Tasks.Task;

namespace MedRec.IntegrationTests.Records;

/// <summary>What every provider store must do, run against a real database by each subclass.</summary>
public abstract class ProviderStoreContract : IAsyncLifetime
{
    protected const string Patient = "0x00000000000000000000000000000000000000a1";
    protected const string OtherPatient = "0x00000000000000000000000000000000000000b2";
    private const string Provider = "0x00000000000000000000000000000000000000c3";

    private readonly List<IAsyncDisposable> _owned = [];

    private RelationalProviderStore? _store;

    protected RelationalProviderStore Store => _store ?? throw new InvalidOperationException("not initialized");

    public async Task InitializeAsync()
    {
        _store = await CreateStoreAsync("main");
        await Store.MigrateAsync(CancellationToken.None);
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var owned in _owned) await owned.DisposeAsync();
    }

    /// <summary>A new, empty store (not migrated) of this kind, disposed after the test.</summary>
    protected abstract Task<RelationalProviderStore> CreateStoreAsync(string name);

    /// <summary>A second store instance on the same database (and schema) as <paramref name="store"/>, as a restarted
    /// host opens it; disposed after the test.</summary>
    protected abstract Task<RelationalProviderStore> ReopenAsync(RelationalProviderStore store);

    /// <summary>Runs SQL straight on the store's database, around the store; <c>{records}</c> and the like stand for
    /// the store's qualified table names.</summary>
    protected abstract Task<object?> RawAsync(RelationalProviderStore store, string sql);

    protected T Own<T>(T disposable) where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    [Fact]
    public async Task Migrating_again_applies_nothing_and_the_version_stays_recorded()
    {
        var fresh = await CreateStoreAsync("fresh");
        Assert.Empty(await fresh.AppliedMigrationsAsync(CancellationToken.None));

        await fresh.MigrateAsync(CancellationToken.None);
        var afterFirst = await fresh.AppliedMigrationsAsync(CancellationToken.None);
        await fresh.MigrateAsync(CancellationToken.None);

        var expected = fresh.Dialect.Migrations.ToDictionary(m => m.Version, m => m.Checksum);
        Assert.Equal(expected, afterFirst);
        Assert.Equal(expected, await fresh.AppliedMigrationsAsync(CancellationToken.None));
        Assert.Equal([1, 2, 3], expected.Keys.Order());
        Assert.Equal((long)expected.Count, Convert.ToInt64(await RawAsync(fresh, "SELECT count(*) FROM {store_schema_version}")));
        Assert.Empty(await fresh.QueryAsync(PointerQuery.Parse("Condition?patient=p1"), CancellationToken.None));
    }

    [Fact]
    public async Task A_store_at_version_1_with_audit_entries_migrates_to_2_and_its_old_entries_read_purpose_undeclared()
    {
        var old = await CreateStoreAsync("v1");
        await old.MigrateToAsync(1, CancellationToken.None);
        Assert.Equal([1], (await old.AppliedMigrationsAsync(CancellationToken.None)).Keys);
        // A row as a host from before migration 0002 wrote it: no purpose column yet.
        await RawAsync(old, "INSERT INTO {audit_entries} (id, occurred_at, provider, patient, asker, pointer_id, action, granted, reason, request_hash) " +
            $"VALUES ('before', {InstantLiteral}, '{Provider}', '{Patient}', '0xasker', '0xpointer', 'read', {TrueLiteral}, 'granted', '0xhash')");

        await old.MigrateAsync(CancellationToken.None);
        await old.AppendAuditAsync(Audit("after", Patient, new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), purpose: "payment"), CancellationToken.None);

        Assert.Equal(old.Dialect.Migrations.Select(m => m.Version), (await old.AppliedMigrationsAsync(CancellationToken.None)).Keys.Order());
        var audit = await old.AuditOfPatientAsync(Patient, 10, CancellationToken.None);
        Assert.Equal([("after", "payment"), ("before", AuditEntry.UndeclaredPurpose)], audit.Select(e => (e.Id, e.Purpose)));
        Assert.Equal(AuditEntry.UndeclaredPurpose, (await old.FindAuditAsync("before", CancellationToken.None))!.Entry.Purpose);
    }

    [Fact]
    public async Task A_store_at_version_2_migrates_to_3_keeping_its_audit_and_gains_the_emergency_justifications()
    {
        var old = await CreateStoreAsync("v2");
        await old.MigrateToAsync(2, CancellationToken.None);
        await old.AppendAuditAsync(Audit("at-v2", Patient, DateTimeOffset.UnixEpoch, purpose: "emergency"), CancellationToken.None);
        Assert.Equal([1, 2], (await old.AppliedMigrationsAsync(CancellationToken.None)).Keys.Order());
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => old.EmergencyJustificationsAsync(10, CancellationToken.None));

        await old.MigrateAsync(CancellationToken.None);

        Assert.Equal([1, 2, 3], (await old.AppliedMigrationsAsync(CancellationToken.None)).Keys.Order());
        Assert.Equal([("at-v2", "emergency")], (await old.AuditOfPatientAsync(Patient, 10, CancellationToken.None)).Select(e => (e.Id, e.Purpose)));
        Assert.Empty(await old.EmergencyJustificationsAsync(10, CancellationToken.None));
        var justification = Justification("after the upgrade", DateTimeOffset.UnixEpoch);
        await old.RecordEmergencyJustificationAsync(justification, CancellationToken.None);
        Assert.Equal([justification], await old.EmergencyJustificationsAsync(10, CancellationToken.None));
    }

    [Fact]
    public async Task An_emergency_justification_is_recorded_before_sending_marked_sent_and_survives_reopening_the_store()
    {
        var t0 = new DateTimeOffset(2031, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1234560);
        var first = Justification("Unconscious after a fall; anticoagulants?", t0);
        var refused = Justification("Overdose suspected; current medication needed.", t0.AddSeconds(5));
        var unsent = Justification("Same instant as the first, recorded later: listed before it.", t0);

        await Store.RecordEmergencyJustificationAsync(first with { Patient = first.Patient.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal) }, CancellationToken.None);
        await Store.RecordEmergencyJustificationAsync(refused, CancellationToken.None);
        await Store.RecordEmergencyJustificationAsync(unsent, CancellationToken.None);
        await Store.MarkEmergencyJustificationSentAsync(first.JustificationCommitment, "0x" + new string('9', 64), CancellationToken.None);
        await Store.MarkEmergencyJustificationSentAsync(refused.JustificationCommitment.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal),
            EmergencyJustification.RefusedPrefix + "InvalidDuration", CancellationToken.None);

        // A restarted host opens the same database: nothing was kept only in memory.
        var reopened = await ReopenAsync(Store);
        await reopened.MigrateAsync(CancellationToken.None);
        Assert.Equal(
            [refused with { TransactionHash = "refused: InvalidDuration" }, unsent, first with { TransactionHash = "0x" + new string('9', 64) }],
            await reopened.EmergencyJustificationsAsync(10, CancellationToken.None));
        Assert.Equal([refused.JustificationCommitment], (await reopened.EmergencyJustificationsAsync(1, CancellationToken.None)).Select(j => j.JustificationCommitment));

        await Assert.ThrowsAsync<StoreConflictException>(() => reopened.RecordEmergencyJustificationAsync(first with { Justification = "another text" }, CancellationToken.None));
        await Assert.ThrowsAsync<KeyNotFoundException>(() => reopened.MarkEmergencyJustificationSentAsync("0x" + new string('0', 64), "0x01", CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => reopened.RecordEmergencyJustificationAsync(first with { JustificationCommitment = "0x1' OR '1'='1" }, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => reopened.EmergencyJustificationsAsync(0, CancellationToken.None));
        Assert.Equal(3L, Convert.ToInt64(await RawAsync(Store, "SELECT count(*) FROM {emergency_justifications}")));
    }

    [Fact]
    public async Task An_emergency_justification_that_looks_like_sql_is_stored_and_read_literally()
    {
        const string nasty = "Robert'); DROP TABLE emergency_justifications; -- /* */ ; \" \\ % ' OR '1'='1 \u00e9\u20ac\U0001F691";
        var justification = Justification(nasty, DateTimeOffset.UnixEpoch);

        await Store.RecordEmergencyJustificationAsync(justification, CancellationToken.None);
        await Store.MarkEmergencyJustificationSentAsync(justification.JustificationCommitment, "refused: '; DELETE FROM audit_entries; --", CancellationToken.None);

        var read = Assert.Single(await Store.EmergencyJustificationsAsync(10, CancellationToken.None));
        Assert.Equal(nasty, read.Justification);
        Assert.Equal("refused: '; DELETE FROM audit_entries; --", read.TransactionHash);
        Assert.Equal(1L, Convert.ToInt64(await RawAsync(Store, "SELECT count(*) FROM {emergency_justifications}")));
    }

    /// <summary>An instant in the store's own column format (for raw SQL that bypasses the store).</summary>
    protected abstract string InstantLiteral { get; }

    /// <summary>True in the store's boolean column format.</summary>
    protected abstract string TrueLiteral { get; }

    [Fact]
    public async Task A_changed_applied_migration_is_refused()
    {
        await RawAsync(Store, "UPDATE {store_schema_version} SET checksum = 'edited' WHERE version = 1");

        var error = await Assert.ThrowsAsync<StoreMigrationException>(() => Store.MigrateAsync(CancellationToken.None));

        Assert.Contains("0001-provider-store.sql", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_patient_address_links_to_one_local_id()
    {
        var first = await Store.LinkPatientAsync(Patient, CancellationToken.None);
        var again = await Store.LinkPatientAsync(Patient.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal), CancellationToken.None);
        var other = await Store.LinkPatientAsync(OtherPatient, CancellationToken.None);

        Assert.Matches("^[0-9a-f]{32}$", first);
        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        await Assert.ThrowsAsync<ArgumentException>(() => Store.LinkPatientAsync("Robert'); DROP TABLE patient_links;--", CancellationToken.None));
    }

    [Fact]
    public async Task An_added_record_gets_an_id_and_its_patient_and_reads_back_as_stored()
    {
        var local = await Store.LinkPatientAsync(Patient, CancellationToken.None);
        var condition = new Condition
        {
            Subject = new ResourceReference("Patient/someone-else"),
            Code = new CodeableConcept(SampleRecords.Snomed, "38341003"),
            RecordedDate = "2024-05-01T10:00:00+02:00",
        };

        var stored = await Store.AddRecordAsync(local, condition, CancellationToken.None);

        Assert.Null(condition.Id); // the caller's resource is left alone
        Assert.Equal("Patient/someone-else", condition.Subject.Reference);
        Assert.True(Guid.TryParse(stored.Id, out _));
        Assert.Equal(new StoredRecord("Condition", stored.Id, local, null, SampleRecords.Snomed, "38341003",
            new DateTimeOffset(2024, 5, 1, 8, 0, 0, TimeSpan.Zero), stored.Json), stored);
        var parsed = FhirJson.Parse<Condition>(stored.Json);
        Assert.Equal(stored.Id, parsed.Id);
        Assert.Equal($"Patient/{local}", parsed.Subject.Reference);
        Assert.Equal([stored], await Store.QueryAsync(PointerQuery.Parse($"Condition?patient={local}"), CancellationToken.None));
    }

    [Fact]
    public async Task A_record_id_is_added_once_and_other_resource_types_are_refused()
    {
        await Store.AddRecordAsync("p1", new Condition { Id = "same" }, CancellationToken.None);

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.AddRecordAsync("p1", new Condition { Id = "same" }, CancellationToken.None));
        await Store.AddRecordAsync("p1", new Observation { Id = "same", Status = ObservationStatus.Final, Code = new CodeableConcept("http://x", "y") }, CancellationToken.None);
        await Assert.ThrowsAsync<NotSupportedException>(() => Store.AddRecordAsync("p1", new Hl7.Fhir.Model.Patient(), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AddRecordAsync("p1' OR '1'='1", new Condition(), CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.AddRecordAsync("p1", new Condition { Id = "bad id" }, CancellationToken.None));
        Assert.Equal(2L, Convert.ToInt64(await RawAsync(Store, "SELECT count(*) FROM {records}")));
    }

    [Fact]
    public async Task Each_filter_selects_what_it_says_in_canonical_order()
    {
        await SeedAsync(Store, "p1");
        await Store.AddRecordAsync("p2", SampleRecords.Observation("other-patient", SampleRecords.VitalSigns, SampleRecords.Loinc, "8867-4", "2024-02-10T08:00:00Z", 1m), CancellationToken.None);

        // Effective ascending, no instant first, equal instants by id.
        Assert.Equal(["obs-note", "obs-hr-1", "obs-bw-1", "obs-hr-2", "obs-glu-1", "obs-hr-3", "obs-glu-2"], await IdsAsync("Observation?patient=p1"));
        Assert.Equal(["cond-1"], await IdsAsync("Condition?patient=p1"));
        Assert.Equal(["med-1"], await IdsAsync("MedicationRequest?patient=p1&category=outpatient&code=1049621"));
        Assert.Equal(["enc-1"], await IdsAsync("Encounter?patient=p1&category=AMB&code=http://snomed.info/sct|185349003"));
        Assert.Empty(await IdsAsync("Immunization?patient=p1"));
        Assert.Empty(await IdsAsync("Observation?patient=p3"));

        Assert.Equal(["obs-hr-1", "obs-bw-1", "obs-hr-2", "obs-hr-3"], await IdsAsync("Observation?patient=p1&category=vital-signs"));
        Assert.Equal(["obs-note", "obs-glu-1", "obs-glu-2"], await IdsAsync("Observation?patient=p1&category=laboratory"));
        Assert.Empty(await IdsAsync("Observation?patient=p1&category=Laboratory")); // codes are case-sensitive in every store

        Assert.Equal(["obs-hr-1", "obs-hr-2", "obs-hr-3"], await IdsAsync("Observation?patient=p1&code=8867-4"));
        Assert.Equal(["obs-glu-1", "obs-glu-2"], await IdsAsync("Observation?patient=p1&code=2339-0"));
        Assert.Equal(["obs-glu-1"], await IdsAsync("Observation?patient=p1&code=http://loinc.org|2339-0"));
        Assert.Equal(["obs-glu-2"], await IdsAsync("Observation?patient=p1&code=http://example.org/local-codes|2339-0"));
        Assert.Empty(await IdsAsync("Observation?patient=p1&code=http://snomed.info/sct|8867-4"));

        // obs-glu-1 is 2024-02-15T17:30:00.5Z; obs-hr-3 is 2024-03-10T23:59:59.999999Z (stored to the microsecond).
        Assert.Equal(["obs-glu-1", "obs-hr-3", "obs-glu-2"], await IdsAsync("Observation?patient=p1&date=ge2024-02-15"));
        Assert.Equal(["obs-hr-3", "obs-glu-2"], await IdsAsync("Observation?patient=p1&date=gt2024-02-15"));
        Assert.Equal(["obs-hr-1", "obs-bw-1", "obs-hr-2", "obs-glu-1"], await IdsAsync("Observation?patient=p1&date=le2024-02-15"));
        Assert.Equal(["obs-hr-1", "obs-bw-1", "obs-hr-2"], await IdsAsync("Observation?patient=p1&date=lt2024-02-15"));
        Assert.Equal(["obs-glu-1"], await IdsAsync("Observation?patient=p1&date=eq2024-02-15"));
        Assert.Equal(["obs-hr-3"], await IdsAsync("Observation?patient=p1&date=eq2024-03-10"));
        Assert.Equal(["obs-bw-1", "obs-hr-2", "obs-glu-1", "obs-hr-3"], await IdsAsync("Observation?patient=p1&date=ge2024-02-01&date=le2024-03-31"));
        Assert.Equal(["obs-bw-1", "obs-hr-2"], await IdsAsync("Observation?patient=p1&date=eq2024-02-10T08:00:00Z"));
        Assert.Equal(["obs-bw-1", "obs-hr-2"], await IdsAsync("Observation?patient=p1&date=eq2024-02-10T09:00:00+01:00"));
        Assert.Equal(["obs-glu-1"], await IdsAsync("Observation?patient=p1&date=eq2024-02-15T17:30:00.5Z"));
        Assert.Empty(await IdsAsync("Observation?patient=p1&date=eq2024-02-15T17:30:00.4Z"));
        Assert.Equal(["obs-glu-1"], await IdsAsync("Observation?patient=p1&date=ge2024-02-15T17:30:00.500000Z&date=le2024-02-15T17:30:00.500000Z"));
        Assert.Equal(["obs-hr-3", "obs-glu-2"], await IdsAsync("Observation?patient=p1&date=ge2024-03-10T23:59:59.999999Z"));
        Assert.Equal(["cond-1"], await IdsAsync("Condition?patient=p1&date=eq2023-11-01"));

        Assert.Equal(["obs-note", "obs-hr-1"], await IdsAsync("Observation?patient=p1&_count=2"));
        Assert.Equal(["obs-hr-2"], await IdsAsync("Observation?patient=p1&code=8867-4&date=ge2024-02-01&_count=1"));
        Assert.Equal(7, (await IdsAsync("Observation?patient=p1&_count=1000")).Count);
    }

    [Fact]
    public async Task Values_that_look_like_sql_are_stored_and_read_literally()
    {
        const string nasty = "x'); DROP TABLE records; --";
        var observation = SampleRecords.Observation("bobby", SampleRecords.Laboratory, "http://x.org", "1", "2024-01-01T00:00:00Z", 1m, note: nasty + " /* */ ; \" \\ %");
        observation.Code.Coding.Insert(0, new Coding("http://x.org/';DELETE-FROM-records;--", "' OR '1'='1"));
        observation.Code.Text = "Robert'); DROP TABLE patient_links;--";

        var stored = await Store.AddRecordAsync("p1", observation, CancellationToken.None);
        await Store.AppendAuditAsync(Audit("audit-'; DROP TABLE audit_entries; --", Patient, DateTimeOffset.UnixEpoch, reason: nasty), CancellationToken.None);

        Assert.Equal("' OR '1'='1", stored.Code);
        Assert.Equal("http://x.org/';DELETE-FROM-records;--", stored.CodeSystem);
        var read = Assert.Single(await Store.QueryAsync(PointerQuery.Parse("Observation?patient=p1"), CancellationToken.None));
        Assert.Equal(stored, read);
        Assert.Contains("Robert'); DROP TABLE patient_links;--", FhirJson.Parse<Observation>(read.Json).Code.Text, StringComparison.Ordinal);
        Assert.Equal(nasty, Assert.Single(await Store.AuditOfPatientAsync(Patient, 10, CancellationToken.None)).Reason);
        // Every table is still there and untouched.
        Assert.Equal(1L, Convert.ToInt64(await RawAsync(Store, "SELECT count(*) FROM {records}")));
        Assert.Equal(0L, Convert.ToInt64(await RawAsync(Store, "SELECT count(*) FROM {patient_links}")));
        Assert.Equal(1L, Convert.ToInt64(await RawAsync(Store, "SELECT count(*) FROM {audit_entries}")));
        Assert.Equal(QueryRejectionCodes.InvalidCharacter,
            Assert.Throws<QueryRejectedException>(() => PointerQuery.Parse("Observation?patient=p1&code=' OR '1'='1")).Code);
    }

    [Fact]
    public async Task The_hash_of_a_result_changes_when_a_stored_row_is_tampered_with()
    {
        await SeedAsync(Store, "p1");
        var query = PointerQuery.Parse("Observation?patient=p1&category=vital-signs");
        var published = RecordHasher.Hash(await Store.QueryAsync(query, CancellationToken.None));
        Assert.Equal(published, RecordHasher.Hash(await Store.QueryAsync(query, CancellationToken.None)));

        // One byte of one record: 75.50 -> 75.51.
        await RawAsync(Store, "UPDATE {records} SET json = replace(json, '75.50', '75.51') WHERE id = 'obs-hr-2'");

        var tampered = await Store.QueryAsync(query, CancellationToken.None);
        Assert.Contains("75.51", tampered.Single(r => r.Id == "obs-hr-2").Json, StringComparison.Ordinal);
        Assert.NotEqual(published, RecordHasher.Hash(tampered));

        await RawAsync(Store, "UPDATE {records} SET json = replace(json, '75.51', '75.50') WHERE id = 'obs-hr-2'");
        Assert.Equal(published, RecordHasher.Hash(await Store.QueryAsync(query, CancellationToken.None)));

        // A row moved to another patient leaves the result: the hash changes too.
        await RawAsync(Store, "UPDATE {records} SET local_patient_id = 'p9' WHERE id = 'obs-hr-1'");
        Assert.NotEqual(published, RecordHasher.Hash(await Store.QueryAsync(query, CancellationToken.None)));

        // A row that is no longer JSON has no hash at all.
        await RawAsync(Store, "UPDATE {records} SET json = 'not json' WHERE id = 'obs-hr-3'");
        Assert.Throws<RecordCanonicalizationException>(() => RecordHasher.Hash(Store.QueryAsync(query, CancellationToken.None).GetAwaiter().GetResult()));
    }

    [Fact]
    public async Task Audit_entries_come_back_newest_first_for_their_patient_only()
    {
        var t0 = new DateTimeOffset(2024, 6, 1, 12, 0, 0, 123, TimeSpan.FromHours(2));
        var entries = new[]
        {
            Audit("a1", Patient, t0),
            Audit("a2", Patient, t0.AddSeconds(5), granted: false, action: AccessAction.ReadAudit, reason: "grant expired", purpose: "patient-request"),
            Audit("a3", OtherPatient, t0.AddSeconds(10)),
            Audit("a4", Patient, t0), // same time as a1, appended later: comes first of the two
            Audit("a5", Patient.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal), t0.AddSeconds(-5)),
        };
        foreach (var entry in entries) await Store.AppendAuditAsync(entry, CancellationToken.None);

        var audit = await Store.AuditOfPatientAsync(Patient, 10, CancellationToken.None);

        Assert.Equal(["a2", "a4", "a1", "a5"], audit.Select(e => e.Id));
        Assert.Equal(entries[1], audit[0]); // every field round-trips (time as the same instant)
        Assert.Equal(TimeSpan.Zero, audit[0].Time.Offset);
        Assert.Equal(Patient, audit[3].Patient);
        Assert.Equal(["a2", "a4"], (await Store.AuditOfPatientAsync(Patient.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal), 2, CancellationToken.None)).Select(e => e.Id));
        Assert.Equal(["a3"], (await Store.AuditOfPatientAsync(OtherPatient, 10, CancellationToken.None)).Select(e => e.Id));
        Assert.Empty(await Store.AuditOfPatientAsync("0x00000000000000000000000000000000000000ff", 10, CancellationToken.None));
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.AppendAuditAsync(entries[0], CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.AuditOfPatientAsync(Patient, 0, CancellationToken.None));
    }

    [Fact]
    public async Task Several_audit_entries_are_appended_in_order_all_or_none()
    {
        var t0 = new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);
        // More than one statement's worth, so the store splits them and must keep them in one transaction.
        var batch = Enumerable.Range(0, ProviderSqlDialect.MaxAuditEntriesPerStatement * 2 + 5)
            .Select(i => Audit($"b{i}", Patient, t0, granted: i % 2 == 0, reason: $"r{i}")).ToList();

        await Store.AppendAuditAsync(batch, CancellationToken.None);
        await Store.AppendAuditAsync([], CancellationToken.None);

        // Equal times come back newest appended first: the batch kept its order.
        var stored = await Store.AuditOfPatientAsync(Patient, 1_000, CancellationToken.None);
        Assert.Equal(batch.Select(e => e.Id).Reverse(), stored.Select(e => e.Id));
        Assert.Equal(batch[^1], stored[0]);

        // One id already taken: the store refuses the whole batch, including the entries before it.
        var clashing = new[] { Audit("c1", Patient, t0.AddSeconds(1)), Audit("b7", Patient, t0.AddSeconds(1)) };
        var many = Enumerable.Range(0, ProviderSqlDialect.MaxAuditEntriesPerStatement).Select(i => Audit($"d{i}", Patient, t0.AddSeconds(2)))
            .Append(Audit("b8", Patient, t0.AddSeconds(2))).ToList();
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.AppendAuditAsync(clashing, CancellationToken.None));
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.AppendAuditAsync(many, CancellationToken.None));
        Assert.Equal(batch.Count, (await Store.AuditOfPatientAsync(Patient, 1_000, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task Several_pointers_are_read_at_once_each_with_its_definition_and_the_records_of_its_query()
    {
        await SeedAsync(Store, "p1");
        var createdAt = new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var vitals = PointerDefinition.Create(Patient, PointerQuery.Parse("Observation?patient=p1&category=vital-signs"), createdAt);
        var labs = PointerDefinition.Create(Patient, PointerQuery.Parse("Observation?patient=p1&category=laboratory"), createdAt);
        var none = PointerDefinition.Create(Patient, PointerQuery.Parse("Immunization?patient=p1"), createdAt);
        var refused = PointerDefinition.Create(OtherPatient, PointerQuery.Parse("Condition?patient=p1"), createdAt);
        foreach (var pointer in new[] { vitals, labs, none, refused }) await Store.SavePointerAsync(pointer, CancellationToken.None);
        var unknown = "0x" + new string('0', 64);
        var offered = new List<PointerDefinition>();

        var reads = await Store.ReadPointersAsync(
            [labs.PointerId, unknown, vitals.PointerId.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal), refused.PointerId, none.PointerId],
            definition =>
            {
                offered.Add(definition);
                return definition.PatientAddress == Patient ? PointerQuery.Parse(definition.Query) : null;
            },
            CancellationToken.None);

        Assert.Equal([labs.PointerId, unknown, vitals.PointerId, refused.PointerId, none.PointerId], reads.Select(r => r.PointerId));
        Assert.Equal([labs, null, vitals, refused, none], reads.Select(r => r.Definition));
        Assert.Equivalent(new[] { labs, vitals, refused, none }, offered);
        Assert.Equal(["obs-note", "obs-glu-1", "obs-glu-2"], reads[0].Records!.Select(r => r.Id));
        Assert.Equal(await Store.QueryAsync(PointerQuery.Parse(vitals.Query), CancellationToken.None), reads[2].Records);
        Assert.Empty(reads[4].Records!);
        Assert.Null(reads[1].Records);
        Assert.Null(reads[3].Records);
        Assert.Null(reads[3].Query);
        Assert.Empty(await Store.ReadPointersAsync([], _ => throw new InvalidOperationException("nothing to offer"), CancellationToken.None));

        // A single query takes the same path without a batch.
        var single = Assert.Single(await Store.ReadPointersAsync([vitals.PointerId], d => PointerQuery.Parse(d.Query), CancellationToken.None));
        Assert.Equal(reads[2].Records, single.Records);
    }

    [Fact]
    public async Task Pointers_are_saved_once_and_found_by_id_and_patient()
    {
        var createdAt = new DateTimeOffset(2024, 6, 1, 12, 0, 0, TimeSpan.Zero);
        var first = PointerDefinition.Create(Patient, PointerQuery.Parse("Observation?patient=p1&code=8867-4"), createdAt);
        var second = PointerDefinition.Create(Patient, PointerQuery.Parse("Condition?patient=p1"), createdAt.AddMinutes(1));
        var other = PointerDefinition.Create(OtherPatient, PointerQuery.Parse("Condition?patient=p2"), createdAt);

        await Store.SavePointerAsync(second, CancellationToken.None);
        await Store.SavePointerAsync(first, CancellationToken.None);
        await Store.SavePointerAsync(other, CancellationToken.None);
        await Store.SavePointerAsync(first, CancellationToken.None); // the same again: nothing changes

        Assert.Equal(first, await Store.FindPointerAsync(first.PointerId, CancellationToken.None));
        Assert.Equal(first, await Store.FindPointerAsync(first.PointerId.ToUpperInvariant().Replace("0X", "0x", StringComparison.Ordinal), CancellationToken.None));
        Assert.Equal(first.Commitment(), (await Store.FindPointerAsync(first.PointerId, CancellationToken.None))!.Commitment());
        Assert.Null(await Store.FindPointerAsync("0x" + new string('0', 64), CancellationToken.None));
        Assert.Equal([first, second], await Store.PointersOfPatientAsync(Patient, CancellationToken.None));
        Assert.Equal([other], await Store.PointersOfPatientAsync(OtherPatient, CancellationToken.None));

        await Assert.ThrowsAsync<StoreConflictException>(() => Store.SavePointerAsync(first with { Query = "Condition?patient=p1" }, CancellationToken.None));
        await Assert.ThrowsAsync<StoreConflictException>(() => Store.SavePointerAsync(first with { Salt = other.Salt }, CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.SavePointerAsync(
            PointerDefinition.Create(Patient, PointerQuery.Parse("Condition?patient=p1"), createdAt) with { Query = "Condition?_count=5&patient=p1" }, CancellationToken.None));
        await Assert.ThrowsAsync<QueryRejectedException>(() => Store.SavePointerAsync(
            PointerDefinition.Create(Patient, PointerQuery.Parse("Condition?patient=p1"), createdAt) with { Query = "Condition?patient=p1';--" }, CancellationToken.None));
        Assert.Equal(3L, Convert.ToInt64(await RawAsync(Store, "SELECT count(*) FROM {pointers}")));
    }

    [Fact]
    public async Task A_research_aggregate_answers_one_row_per_patient_and_cell_with_counts_sums_and_buckets()
    {
        var first = await Store.LinkPatientAsync(Patient, CancellationToken.None);
        var second = await Store.LinkPatientAsync(OtherPatient, CancellationToken.None);
        await AddBloodPressureAsync(first, "o1", 121.5m, "2023-03-01T10:00:00Z");
        await AddBloodPressureAsync(first, "o2", 138m, "2023-09-01T10:00:00+02:00");
        await AddBloodPressureAsync(first, "o3", 145m, "2024-01-01T00:30:00+01:00"); // 2023-12-31T23:30Z: year 2023
        await AddBloodPressureAsync(second, "o4", -5m, "2024-05-01T00:00:00Z");
        await Store.AddRecordAsync(second, new Observation
        {
            Id = "o5", Status = ObservationStatus.Final, Effective = new FhirDateTime("2024-05-02T00:00:00Z"),
            Code = new CodeableConcept("http://loinc.org", "8480-6"), Value = new FhirString("high"),
        }, CancellationToken.None);
        var unlinked = await Store.LinkPatientAsync("0x00000000000000000000000000000000000000e5", CancellationToken.None);
        await Store.AddRecordAsync(unlinked, new Condition { Id = "c-other", Code = new CodeableConcept("http://snomed.info/sct", "44054006") }, CancellationToken.None);

        var histogram = await Store.ResearchRowsAsync(
            ResearchQuery.Parse("Observation?measure=histogram&code=http://loinc.org|8480-6&bucket=10&group=year"), CancellationToken.None);
        Assert.Equal(
            [
                (Patient, 2023, 12L, 1L, 121.5), (Patient, 2023, 13L, 1L, 138d), (Patient, 2023, 14L, 1L, 145d),
                (OtherPatient, 2024, -1L, 1L, -5d),
            ],
            histogram.Select(r => (r.PatientAddress, r.Cell.Year!.Value, r.Cell.Bucket!.Value, r.Records, r.ValueSum))
                .OrderBy(r => r.Item2).ThenBy(r => r.Item3).ToList());

        var mean = await Store.ResearchRowsAsync(
            ResearchQuery.Parse("Observation?measure=mean&code=http://loinc.org|8480-6&date=ge2023-06-01"), CancellationToken.None);
        Assert.Equal(
            [(OtherPatient, 1L, -5d), (Patient, 2L, 283d)],
            mean.Select(r => (r.PatientAddress, r.Records, r.ValueSum)).OrderBy(r => r.Item2).ToList());

        var records = await Store.ResearchRowsAsync(ResearchQuery.Parse("Observation?measure=records&group=code"), CancellationToken.None);
        Assert.Equal([(Patient, 3L), (OtherPatient, 2L)], records.Select(r => (r.PatientAddress, r.Records)).OrderByDescending(r => r.Item2).ToList());
        Assert.All(records, r => Assert.Equal(("http://loinc.org", "8480-6"), (r.Cell.CodeSystem, r.Cell.Code)));

        Assert.Empty(await Store.ResearchRowsAsync(ResearchQuery.Parse("Observation?measure=patients&code=http://loinc.org|9999-9"), CancellationToken.None));
    }

    private Task AddBloodPressureAsync(string localPatientId, string id, decimal value, string effective) =>
        Store.AddRecordAsync(localPatientId, new Observation
        {
            Id = id, Status = ObservationStatus.Final, Effective = new FhirDateTime(effective),
            Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs")],
            Code = new CodeableConcept("http://loinc.org", "8480-6"),
            Value = new Quantity(value, "mm[Hg]"),
        }, CancellationToken.None);

    protected static async Task SeedAsync(IProviderStore store, string localPatientId)
    {
        foreach (var resource in SampleRecords.All()) await store.AddRecordAsync(localPatientId, resource, CancellationToken.None);
    }

    protected static AuditEntry Audit(
        string id, string patient, DateTimeOffset time, bool granted = true, AccessAction action = AccessAction.Read, string reason = "ok",
        string purpose = "treatment") =>
        new(id, time, Provider, patient, "0x00000000000000000000000000000000000000d4", "0x" + new string('7', 64), action, granted, reason,
            "0x" + new string('8', 64), purpose);

    /// <summary>A justification with a fresh commitment and salt, not sent yet.</summary>
    protected static EmergencyJustification Justification(string text, DateTimeOffset recordedAt) =>
        new(Patient, "0x" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            "0x" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)), text, 30 * 60, recordedAt);

    private async Task<IReadOnlyList<string>> IdsAsync(string query) =>
        (await Store.QueryAsync(PointerQuery.Parse(query), CancellationToken.None)).Select(r => r.Id).ToList();
}
