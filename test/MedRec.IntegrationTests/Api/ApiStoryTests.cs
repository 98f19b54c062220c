using System.Net;
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
    }
}
