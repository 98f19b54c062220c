using System.Net;
using AuditEvent = Hl7.Fhir.Model.AuditEvent;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Chain;
using MedRec.Grains.Access;
using MedRec.Grains.Records;
using MedRec.Host.Api.Client;
using MedRec.Host.Api.Contracts;
using MedRec.Host.Api.Problems;
using MedRec.IntegrationTests.Access;

namespace MedRec.IntegrationTests.Api;

/// <summary>The flows of issue 5 over HTTP, end to end: API host, co-hosted silo, anvil, PostgreSQL stores.</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiStoryTests(ApiFixture world)
{
    private ApiParticipant Hospital => world.Providers[0];

    private static IEnumerable<string> Json(IEnumerable<Hl7.Fhir.Model.Resource> resources) => resources.Select(FhirJson.Serialize);

    [Fact]
    public async Task Physician_adds_patient_accepts_grants_viewer_reads_patient_revokes_viewer_refused_and_the_audit_shows_every_step()
    {
        var patient = await world.NewPatientAsync();
        var viewer = await world.NewPatientAsync();

        // The physician adds records: stored at the hospital, pointers published, tracked until the mirror shows them.
        var added = await Hospital.Api.AddProviderRecordsAsync(patient.Address, Json(TestRecords.Some(vitals: 3)));
        Assert.Equal(OperationStatuses.Pending, added.Status);
        Assert.Equal(3, added.Pointers!.Count);
        Assert.Equal(OperationStatuses.Applied, (await Hospital.Api.WaitForAppliedAsync(added)).Status);
        var vitals = added.Pointers.Single(p => p.RecordCount == 3);

        var summary = await patient.Api.GetSummaryAsync();
        var relationship = Assert.Single(summary.Relationships);
        Assert.Equal((Hospital.Address, RelationshipStatus.New), (relationship.Provider, relationship.Status));
        Assert.Equal(added.Pointers.Select(p => p.PointerId).Order(), relationship.Pointers.Select(p => p.PointerId).Order());
        Assert.Equal(RelationshipStatus.New, (await Hospital.Api.GetProviderRelationshipAsync(patient.Address)).Status);

        // The patient accepts.
        await patient.Api.WaitForAppliedAsync(await patient.Api.AcceptRelationshipAsync(Hospital.Address));
        Assert.Equal(RelationshipStatus.Accepted, Assert.Single((await patient.Api.GetSummaryAsync()).Relationships).Status);

        // Before any grant the viewer is refused; the patient grants the vital signs; the viewer reads them, verified.
        var before = await Assert.ThrowsAsync<MedRecApiException>(() => viewer.Api.ReadPointerAsync(patient.Address, Hospital.Address, vitals.PointerId));
        Assert.Equal((HttpStatusCode.Forbidden, ProblemCodes.AccessDenied, AccessDenials.NoGrant), (before.Status, before.Code, before.Reason));

        await patient.Api.WaitForAppliedAsync(await patient.Api.GrantAsync(viewer.Address, Hospital.Address, vitals.PointerId, DateTimeOffset.UtcNow.AddHours(1)));
        var grant = Assert.Single(await patient.Api.GetGrantsAsync());
        Assert.Equal((Hospital.Address, vitals.PointerId, viewer.Address), (grant.Provider, grant.PointerId, grant.Viewer));

        var read = await viewer.Api.ReadPointerAsync(patient.Address, Hospital.Address, vitals.PointerId);
        Assert.Equal(ProviderOutcome.Ok, read.Outcome);
        var pointer = Assert.Single(read.Pointers);
        Assert.Equal((IntegrityVerdict.Verified, 3, vitals.DataHash), (pointer.Verdict, pointer.RecordCount, pointer.ChainDataHash));
        Assert.Equal(3, FhirBundles.Resources(pointer.BundleJson).Count);

        // The patient revokes; the viewer is refused again.
        await patient.Api.WaitForAppliedAsync(await patient.Api.RevokeAsync(Hospital.Address, vitals.PointerId, viewer.Address));
        Assert.Empty(await patient.Api.GetGrantsAsync());
        var after = await Assert.ThrowsAsync<MedRecApiException>(() => viewer.Api.ReadPointerAsync(patient.Address, Hospital.Address, vitals.PointerId));
        Assert.Equal((HttpStatusCode.Forbidden, ProblemCodes.AccessDenied, AccessDenials.NoGrant), (after.Status, after.Code, after.Reason));

        // The audit trail holds each read: denied, granted, denied.
        var audit = await patient.Api.ReadAuditAsync();
        var viewerReads = audit.Entries.Where(e => e.Asker == viewer.Address).OrderBy(e => e.Time).ToList();
        Assert.Equal([false, true, false], viewerReads.Select(e => e.Granted));
        Assert.Equal([AccessDenials.NoGrant, "granted", AccessDenials.NoGrant], viewerReads.Select(e => e.Reason));
        Assert.All(viewerReads, e => Assert.Equal(vitals.PointerId, e.PointerId));
        Assert.Contains(audit.Providers, p => p.Provider == Hospital.Address && p.Outcome == ProviderOutcome.Ok);

        // The same trail as FHIR R4 AuditEvents: one per entry, in order, outcome 0 (granted) or 4 (denied).
        var events = FhirBundles.Resources(audit.AuditEvents).Select(FhirJson.Parse<AuditEvent>).ToList();
        Assert.Equal(audit.Entries.Select(e => e.Id), events.Select(e => e.Id));
        var viewerEvents = events.Where(e => e.Agent.Any(a => a.Who?.Identifier?.Value == viewer.Address)).OrderBy(e => e.Recorded).ToList();
        Assert.Equal([AuditEvent.AuditEventOutcome.N4, AuditEvent.AuditEventOutcome.N0, AuditEvent.AuditEventOutcome.N4], viewerEvents.Select(e => e.Outcome!.Value));
        Assert.Equal([AccessDenials.NoGrant, "granted", AccessDenials.NoGrant], viewerEvents.Select(e => e.OutcomeDesc));
    }

    [Fact]
    public async Task A_patient_adds_reported_records_that_land_in_the_patient_records_store_tagged_and_reads_them_back()
    {
        var patient = await world.NewPatientAsync();
        var reported = world.PatientRecordsProvider;
        var heartRate = TestRecords.Some(vitals: 2).Take(2).Select(FhirJson.Serialize).ToList(); // wearable heart-rate readings

        var added = await patient.Api.AddPatientRecordsAsync(heartRate);
        await patient.Api.WaitForAppliedAsync(added);

        var pointer = Assert.Single(added.Pointers!);
        Assert.Equal(2, pointer.RecordCount);
        var relationship = Assert.Single((await patient.Api.GetSummaryAsync()).Relationships);
        Assert.Equal((reported.Address, RelationshipStatus.New), (relationship.Provider, relationship.Status));

        var read = await patient.Api.ReadProviderRecordsAsync(patient.Address, reported.Address);
        var answer = Assert.Single(read.Pointers);
        Assert.Equal((IntegrityVerdict.Verified, pointer.PointerId), (answer.Verdict, answer.PointerId));
        var resources = FhirBundles.Resources(answer.BundleJson);
        Assert.Equal(2, resources.Count);
        Assert.All(resources, json => Assert.Contains("\"patient-reported\"", json));
        var localId = await world.Store(reported).LinkPatientAsync(patient.Address, CancellationToken.None);
        Assert.Equal(2, (await world.Store(reported).QueryAsync(PointerQuery.Parse($"Observation?patient={localId}"), CancellationToken.None)).Count);
    }

    [Fact]
    public async Task The_whole_history_merges_every_provider_of_the_summary()
    {
        var patient = await world.NewPatientAsync();
        var other = world.Providers[1];
        var first = await Hospital.Api.AddProviderRecordsAsync(patient.Address, Json(TestRecords.Some(vitals: 2)));
        var second = await other.Api.AddProviderRecordsAsync(patient.Address, Json(TestRecords.Some(vitals: 1)));
        await Hospital.Api.WaitForAppliedAsync(first);
        await other.Api.WaitForAppliedAsync(second);
        await WaitForSummaryAsync(patient, 2);

        var history = await patient.Api.ReadHistoryAsync(patient.Address);

        Assert.Equal(patient.Address, history.Patient);
        Assert.Equal(new[] { Hospital.Address, other.Address }.Order(), history.Providers.Select(p => p.Provider).Order());
        Assert.All(history.Providers, p => Assert.Equal(ProviderOutcome.Ok, p.Outcome));
        Assert.Equal(4 + 3, history.RecordCount); // 2 + 1 vital signs, a lab result and a condition at each
        Assert.Equal(7, FhirBundles.Resources(history.BundleJson).Count);

        // A stranger's whole-history read is denied at every provider, and each denial is audited.
        var stranger = await world.NewPatientAsync();
        var denied = await stranger.Api.ReadHistoryAsync(patient.Address);
        Assert.Equal(0, denied.RecordCount);
        Assert.All(denied.Providers, p => Assert.Equal(ProviderOutcome.Denied, p.Outcome));
        var audit = await patient.Api.ReadAuditAsync();
        Assert.Equal(2, audit.Entries.Count(e => e.Asker == stranger.Address && !e.Granted));
    }

    [Fact]
    public async Task A_stranger_reading_a_patients_audit_trail_is_refused_403_and_the_refusal_is_in_that_trail()
    {
        var patient = await world.NewPatientAsync();
        var stranger = await world.NewPatientAsync();
        await Hospital.Api.WaitForAppliedAsync(await Hospital.Api.AddProviderRecordsAsync(patient.Address, Json(TestRecords.Some(vitals: 1))));

        var error = await Assert.ThrowsAsync<MedRecApiException>(() => stranger.Api.ReadAuditAsync(patient.Address));
        Assert.Equal((HttpStatusCode.Forbidden, ProblemCodes.WrongSigner), (error.Status, error.Code));

        // The gatekeeper decided before the API answered: the patient sees the stranger's refused audit read.
        var audit = await patient.Api.ReadAuditAsync();
        var refused = Assert.Single(audit.Entries, e => e.Asker == stranger.Address);
        Assert.Equal((AccessAction.ReadAudit, false, Hospital.Address), (refused.Action, refused.Granted, refused.Provider));
    }

    [Fact]
    public async Task A_patient_rejects_a_relationship_and_a_grant_expiring_in_the_past_is_refused_by_the_contract()
    {
        var patient = await world.NewPatientAsync();
        var viewer = await world.NewPatientAsync();
        var added = await Hospital.Api.AddProviderRecordsAsync(patient.Address, Json(TestRecords.Some(vitals: 1)));
        await Hospital.Api.WaitForAppliedAsync(added);

        await patient.Api.WaitForAppliedAsync(await patient.Api.RejectRelationshipAsync(Hospital.Address));
        Assert.Equal(RelationshipStatus.Rejected, Assert.Single((await patient.Api.GetSummaryAsync()).Relationships).Status);
        Assert.Equal(RelationshipStatus.Rejected, (await Hospital.Api.GetProviderRelationshipAsync(patient.Address)).Status);

        var before = await world.BlockNumberAsync();
        var error = await Assert.ThrowsAsync<MedRecApiException>(() =>
            patient.Api.GrantAsync(viewer.Address, Hospital.Address, added.Pointers![0].PointerId, DateTimeOffset.UtcNow.AddDays(-1)));
        Assert.Equal((HttpStatusCode.Conflict, ProblemCodes.ChainRevert, "ExpiryInPast"), (error.Status, error.Code, error.Reason));
        Assert.Equal(before, await world.BlockNumberAsync());
    }

    /// <summary>Waits until the patient's summary (which the fan-out reads) lists this many providers: it is filled
    /// through another stream than the relationships and may lag behind the checkpoint by a poll.</summary>
    private static async Task WaitForSummaryAsync(ApiParticipant patient, int providers)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((await patient.Api.GetSummaryAsync()).Relationships.Count < providers)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the patient's summary did not list {providers} providers within 30 s");
            await Task.Delay(20);
        }
    }
}
