using System.Net;
using MedRec.ChainIndexer.Contracts.AuditAnchors;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Audit;
using MedRec.Grains.Audit;
using MedRec.Grains.Records;
using MedRec.Host.Api.Client;
using MedRec.Host.Api.Problems;
using MedRec.IntegrationTests.Access;
using Npgsql;

namespace MedRec.IntegrationTests.Api;

/// <summary>
/// Tamper-evident audit (issue 9, docs/adr/0010-audit-anchors.md) for real: anvil with the AuditAnchors contract, the
/// providers' PostgreSQL stores, the API host. Each test anchors its own entries, so an entry a test rewrites lies in
/// an anchor no later test proves against; rewritten rows are put back.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AuditAnchorTests(ApiFixture world)
{
    // The second hospital: its audit log is written only by the tests that read there.
    private ApiParticipant Hospital => world.Providers[1];
    private string Schema => "provider_1";

    private IAuditAnchorGrain Anchors => world.Grains.GetGrain<IAuditAnchorGrain>(Hospital.Address);

    [Fact]
    public async Task An_anchored_entry_proof_verifies_and_changing_any_stored_field_breaks_it()
    {
        var (patient, entryId) = await PatientWithReadAsync();

        var early = await Assert.ThrowsAsync<MedRecApiException>(() => patient.Api.ReadAuditProofAsync(entryId));
        Assert.Equal((HttpStatusCode.Conflict, ProblemCodes.AuditEntryNotAnchored), (early.Status, early.Code));

        var anchor = await Anchors.AnchorNowAsync();
        Assert.NotNull(anchor);
        var proof = await patient.Api.ReadAuditProofAsync(entryId);
        Assert.Equal(entryId, proof.Entry.Entry.Id);
        // The patient's own read declares patient-request: a v2 leaf (docs/adr/0012-purpose-of-use.md).
        Assert.Equal("patient-request", proof.Entry.Entry.Purpose);
        Assert.Equal(anchor.Index, proof.Anchor.Index);
        var checks = await VerifyAsync(proof);
        Assert.True(checks.All(c => c.Passed), "the proof should verify: " + string.Join("; ", checks.Select(c => $"{c.Name} {c.Passed} {c.Detail}")));
        Assert.All(await Anchors.CheckAsync(), c => Assert.True(c.Matches, $"anchor {c.Index} should match the store"));

        // medrec verify-audit-proof: the proof as served verifies; the same file with the entry's reason changed does not.
        var file = Path.Combine(Path.GetTempPath(), $"medrec-audit-proof-{Guid.NewGuid():N}.json");
        try
        {
            await File.WriteAllTextAsync(file, System.Text.Json.JsonSerializer.Serialize(proof, MedRec.Host.Api.ApiJson.Options));
            var verified = await CliRun.RunAsync(["verify-audit-proof", "--file", file, "--deployment", world.DeploymentFile]);
            Assert.True(verified.ExitCode == 0, verified.Output);
            Assert.Contains("unchanged", verified.Output);
            var forged = proof with { Entry = proof.Entry with { Entry = proof.Entry.Entry with { Reason = "no-grant" } } };
            await File.WriteAllTextAsync(file, System.Text.Json.JsonSerializer.Serialize(forged, MedRec.Host.Api.ApiJson.Options));
            var refused = await CliRun.RunAsync(["verify-audit-proof", "--file", file, "--deployment", world.DeploymentFile]);
            Assert.True(refused.ExitCode == 1, refused.Output);
            Assert.Contains("does not verify", refused.Output);
            // A changed purpose breaks it too, undeclared (a v1 leaf) included.
            foreach (var purpose in new[] { "treatment", AuditEntry.UndeclaredPurpose })
            {
                var repurposed = proof with { Entry = proof.Entry with { Entry = proof.Entry.Entry with { Purpose = purpose } } };
                await File.WriteAllTextAsync(file, System.Text.Json.JsonSerializer.Serialize(repurposed, MedRec.Host.Api.ApiJson.Options));
                var repurposedRun = await CliRun.RunAsync(["verify-audit-proof", "--file", file, "--deployment", world.DeploymentFile]);
                Assert.True(repurposedRun.ExitCode == 1, $"purpose {purpose}: {repurposedRun.Output}");
            }
        }
        finally
        {
            File.Delete(file);
        }

        (string Column, string Value)[] changes =
        [
            ("occurred_at", "occurred_at + interval '1 second'"), ("provider", "'0x0000000000000000000000000000000000000001'"),
            ("asker", "'0x0000000000000000000000000000000000000002'"), ("pointer_id", "'0x" + new string('e', 64) + "'"),
            ("action", "'read-audit'"), ("granted", "NOT granted"), ("reason", "'no-grant'"), ("request_hash", "'0x" + new string('f', 64) + "'"),
            ("purpose", "'treatment'"), ("purpose", "'undeclared'"),
        ];
        foreach (var (column, value) in changes)
        {
            var original = await ScalarAsync($"SELECT {column}::text FROM {Schema}.audit_entries WHERE id = @id", entryId);
            await ExecuteAsync($"UPDATE {Schema}.audit_entries SET {column} = {value} WHERE id = @id", entryId);
            try
            {
                var tampered = await patient.Api.ReadAuditProofAsync(entryId);
                var failed = await VerifyAsync(tampered);
                Assert.False(failed.Single(c => c.Name == "root").Passed, $"changing {column} should break the proof");
                var check = (await Anchors.CheckAsync()).Single(c => c.Index == anchor.Index);
                Assert.False(check.Matches, $"changing {column}: the recomputed root should differ from the chain's");
                // The proof as first served (the entry as anchored) no longer matches what the store holds.
                Assert.NotEqual(proof.Leaf, tampered.Leaf);
            }
            finally
            {
                await ExecuteAsync($"UPDATE {Schema}.audit_entries SET {column} = @original::{TypeOf(column)} WHERE id = @id", entryId, original);
            }
        }

        // Rewriting the patient or the id makes the entry vanish from the patient's proofs; the anchor check still sees it.
        foreach (var column in new[] { "patient", "id" })
        {
            await ExecuteAsync($"UPDATE {Schema}.audit_entries SET {column} = {column} || 'x' WHERE id = @id", entryId);
            try
            {
                var gone = await Assert.ThrowsAsync<MedRecApiException>(() => patient.Api.ReadAuditProofAsync(entryId));
                Assert.Equal(ProblemCodes.AuditEntryUnknown, gone.Code);
                Assert.False((await Anchors.CheckAsync()).Single(c => c.Index == anchor.Index).Matches, $"changing {column} should be detected");
            }
            finally
            {
                await ExecuteAsync($"UPDATE {Schema}.audit_entries SET {column} = left({column}, length({column}) - 1) WHERE {(column == "id" ? "id = @id || 'x'" : "id = @id")}", entryId);
            }
        }

        Assert.True((await VerifyAsync(await patient.Api.ReadAuditProofAsync(entryId))).All(c => c.Passed), "restored, the proof verifies again");
    }

    [Fact]
    public async Task An_entry_from_before_purposes_proves_with_its_v1_leaf_and_declaring_a_purpose_afterwards_breaks_it()
    {
        var (patient, entryId) = await PatientWithReadAsync();
        // What migration 0002 leaves in a row written before it.
        await ExecuteAsync($"UPDATE {Schema}.audit_entries SET purpose = 'undeclared' WHERE id = @id", entryId);

        Assert.NotNull(await Anchors.AnchorNowAsync());
        var proof = await patient.Api.ReadAuditProofAsync(entryId);
        Assert.Equal(AuditEntry.UndeclaredPurpose, proof.Entry.Entry.Purpose);
        var checks = await VerifyAsync(proof);
        Assert.True(checks.All(c => c.Passed), "the v1 proof should verify: " + string.Join("; ", checks.Select(c => $"{c.Name} {c.Passed} {c.Detail}")));

        var declared = proof with { Entry = proof.Entry with { Entry = proof.Entry.Entry with { Purpose = "patient-request" } } };
        Assert.False((await VerifyAsync(declared)).Single(c => c.Name == "leaf").Passed, "a purpose added to an undeclared entry changes its leaf");
    }

    [Fact]
    public async Task Deleting_or_reordering_an_anchored_entry_is_detected()
    {
        var (patient, entryId) = await PatientWithReadAsync();
        var reads = (await patient.Api.ReadAuditAsync()).Entries.Where(e => e.Provider == Hospital.Address).Select(e => e.Id).ToList();
        var anchor = await Anchors.AnchorNowAsync();
        Assert.NotNull(anchor);
        var other = reads.First(id => id != entryId);

        // Reorder: two rows swap their contents, so each seq holds the other entry.
        var first = await world.Store(Hospital).FindAuditAsync(entryId, CancellationToken.None);
        var second = await world.Store(Hospital).FindAuditAsync(other, CancellationToken.None);
        Assert.NotNull(first);
        Assert.NotNull(second);
        await SwapAsync(first.Seq, second.Seq);
        try
        {
            Assert.False((await Anchors.CheckAsync()).Single(c => c.Index == anchor.Index).Matches, "a reordered log should be detected");
            Assert.False((await VerifyAsync(await patient.Api.ReadAuditProofAsync(entryId))).Single(c => c.Name == "root").Passed);
        }
        finally
        {
            await SwapAsync(first.Seq, second.Seq);
        }

        Assert.True((await Anchors.CheckAsync()).Single(c => c.Index == anchor.Index).Matches);

        // Delete: the count and the root differ, and the remaining entry's proof no longer leads to the chain's root.
        await ExecuteAsync($"DELETE FROM {Schema}.audit_entries WHERE id = @id", other);
        var deleted = (await Anchors.CheckAsync()).Single(c => c.Index == anchor.Index);
        Assert.False(deleted.Matches);
        Assert.Equal(deleted.ChainEntryCount - 1, deleted.StoreEntryCount);
        var broken = await VerifyAsync(await patient.Api.ReadAuditProofAsync(entryId));
        Assert.Contains(broken, c => !c.Passed);
    }

    [Fact]
    public async Task A_proof_of_another_patients_entry_is_refused()
    {
        var (patient, entryId) = await PatientWithReadAsync();
        await Anchors.AnchorNowAsync();
        var stranger = await world.NewPatientAsync();
        // The stranger's records at the same hospital make it one of the stranger's providers too.
        await Hospital.Api.WaitForAppliedAsync(await Hospital.Api.AddProviderRecordsAsync(stranger.Address, TestRecords.Some(vitals: 1).Select(FhirJson.Serialize)));

        var asOwn = await Assert.ThrowsAsync<MedRecApiException>(() => stranger.Api.ReadAuditProofAsync(entryId));
        Assert.Equal((HttpStatusCode.NotFound, ProblemCodes.AuditEntryUnknown), (asOwn.Status, asOwn.Code));
        var asPatient = await Assert.ThrowsAsync<MedRecApiException>(() => stranger.Api.ReadAuditProofAsync(entryId, patient.Address));
        Assert.Equal((HttpStatusCode.Forbidden, ProblemCodes.WrongSigner), (asPatient.Status, asPatient.Code));
        Assert.Equal(entryId, (await patient.Api.ReadAuditProofAsync(entryId)).Entry.Entry.Id);
    }

    [Fact]
    public async Task The_contract_refuses_a_non_provider_a_revoked_provider_and_a_broken_range_chain()
    {
        var contract = world.Chain.Deployment.Contracts.AuditAnchors;
        var root = new byte[32];
        root[31] = 1;
        var patient = await world.Chain.NewPatientAsync();
        await Revert.ExpectAsync("NotActiveProvider", () => patient.Client.SendAsync(contract, new AnchorFunction { Root = root, FirstSeq = 1, LastSeq = 1, EntryCount = 1 }));

        var provider = await world.Chain.NewProviderAsync();
        await Revert.ExpectAsync("RangeNotContiguous", () => provider.Client.SendAsync(contract, new AnchorFunction { Root = root, FirstSeq = 2, LastSeq = 3, EntryCount = 1 }));
        await Revert.ExpectAsync("InvalidRange", () => provider.Client.SendAsync(contract, new AnchorFunction { Root = root, FirstSeq = 1, LastSeq = 2, EntryCount = 3 }));
        await Revert.ExpectAsync("EmptyRoot", () => provider.Client.SendAsync(contract, new AnchorFunction { Root = new byte[32], FirstSeq = 1, LastSeq = 1, EntryCount = 1 }));
        var receipt = await provider.Client.SendAsync(contract, new AnchorFunction { Root = root, FirstSeq = 1, LastSeq = 4, EntryCount = 2 });
        var anchored = Assert.Single(Nethereum.Contracts.EventExtensions.DecodeAllEvents<AuditAnchoredEvent>(receipt)).Event;
        Assert.Equal((0UL, 1UL, 4UL, 2UL), (anchored.Index, anchored.FirstSeq, anchored.LastSeq, anchored.EntryCount));

        await world.Chain.Root.RevokeProviderAsync(provider.Address);
        await Revert.ExpectAsync("NotActiveProvider", () => provider.Client.SendAsync(contract, new AnchorFunction { Root = root, FirstSeq = 5, LastSeq = 5, EntryCount = 1 }));
    }

    /// <summary>A new patient with records at the hospital, read once by the patient: the id of that read's audit entry.</summary>
    private async Task<(ApiParticipant Patient, string EntryId)> PatientWithReadAsync()
    {
        var patient = await world.NewPatientAsync();
        var added = await Hospital.Api.AddProviderRecordsAsync(patient.Address, TestRecords.Some(vitals: 2).Select(FhirJson.Serialize));
        await Hospital.Api.WaitForAppliedAsync(added);
        var pointer = added.Pointers!.First();
        await patient.Api.ReadPointerAsync(patient.Address, Hospital.Address, pointer.PointerId);
        var audit = await patient.Api.ReadAuditAsync();
        var entry = Assert.Single(audit.Entries, e => e.Provider == Hospital.Address && e.PointerId == pointer.PointerId);
        return (patient, entry.Id);
    }

    private async Task<IReadOnlyList<AuditProofCheck>> VerifyAsync(AuditProof proof) =>
        await AuditProofVerifier.VerifyAsync(proof, world.Chain.Node.Web3, world.Chain.Deployment.Contracts.AuditAnchors);

    private static string TypeOf(string column) => column switch
    {
        "occurred_at" => "timestamptz",
        "granted" => "boolean",
        _ => "text",
    };

    /// <summary>Swaps the contents of two rows (ids included: parked first, as the id is unique row by row).</summary>
    private async Task SwapAsync(long a, long b)
    {
        const string Columns = "occurred_at, provider, patient, asker, pointer_id, action, granted, reason, request_hash, purpose";
        await using var connection = new NpgsqlConnection(world.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var sets = string.Join(", ", Columns.Split(", ").Select(c => $"{c} = o.{c}"));
        string[] statements =
        [
            $"CREATE TEMP TABLE swapped_ids ON COMMIT DROP AS SELECT seq, id FROM {Schema}.audit_entries WHERE seq IN (@a, @b)",
            $"UPDATE {Schema}.audit_entries SET id = id || '#parked' WHERE seq IN (@a, @b)",
            $"UPDATE {Schema}.audit_entries t SET {sets} FROM (SELECT seq, {Columns} FROM {Schema}.audit_entries WHERE seq IN (@a, @b)) o " +
            "WHERE t.seq IN (@a, @b) AND o.seq <> t.seq",
            $"UPDATE {Schema}.audit_entries t SET id = s.id FROM swapped_ids s WHERE t.seq IN (@a, @b) AND s.seq <> t.seq",
        ];
        foreach (var sql in statements)
        {
            await using var command = new NpgsqlCommand(sql, connection, transaction);
            command.Parameters.AddWithValue("a", a);
            command.Parameters.AddWithValue("b", b);
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    private async Task ExecuteAsync(string sql, string id, string? original = null)
    {
        await using var connection = new NpgsqlConnection(world.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        if (original is not null) command.Parameters.AddWithValue("original", original);
        await command.ExecuteNonQueryAsync();
    }

    private async Task<string> ScalarAsync(string sql, string id)
    {
        await using var connection = new NpgsqlConnection(world.DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("id", id);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
