using System.Net;
using System.Security.Cryptography;
using MedRec.ChainIndexer.Chain;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Access;
using MedRec.Grains.Records;
using MedRec.Host.Api.Client;
using MedRec.Host.Api.Problems;
using MedRec.IntegrationTests.Access;

namespace MedRec.IntegrationTests.Api;

/// <summary>Break-the-glass over HTTP (issue 9, docs/adr/0011-break-the-glass.md): the provider opens it with a
/// justification, the patient sees it at once, the read is audited with the flag and the commitment, and the text
/// stays with the provider, off chain.</summary>
[Collection(ApiCollection.Name)]
public sealed class EmergencyAccessApiTests(ApiFixture world)
{
    private ApiParticipant Hospital => world.Providers[0];
    private ApiParticipant EmergencyRoom => world.Providers[1];

    [Fact]
    public async Task Break_the_glass_the_provider_reads_the_patient_sees_the_window_at_once_and_the_audit_shows_the_justification()
    {
        var patient = await world.NewPatientAsync();
        var added = await Hospital.Api.AddProviderRecordsAsync(patient.Address, TestRecords.Some(1).Select(FhirJson.Serialize));
        await Hospital.Api.WaitForAppliedAsync(added);

        var denied = await Assert.ThrowsAsync<MedRecApiException>(() => EmergencyRoom.Api.ReadProviderRecordsAsync(patient.Address, Hospital.Address));
        Assert.Equal((HttpStatusCode.Forbidden, ProblemCodes.AccessDenied), (denied.Status, denied.Code));

        const string justification = "Arrived unconscious after a car accident; allergies and medication needed now.";
        var opened = await EmergencyRoom.Api.OpenEmergencyAccessAsync(patient.Address, justification, minutes: 30);

        // The patient's listing shows the window as soon as the mirror applies the block (polled, with a deadline).
        var deadline = DateTime.UtcNow.AddSeconds(30);
        var listed = await patient.Api.GetEmergencyAccessAsync();
        while (listed.Windows.All(w => w.Provider != EmergencyRoom.Address))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the patient's emergency-access listing did not show the opening ({opened.OperationId}) within 30 s");
            await Task.Delay(20);
            listed = await patient.Api.GetEmergencyAccessAsync();
        }

        var window = Assert.Single(listed.Windows);
        Assert.Equal(30UL * 60, window.ExpiresAt - window.OpenedAt);
        Assert.Equal(0UL, window.ClosedAt);

        // The text and its salt stay in the provider's own store; the commitment on chain is keccak256(salt ‖ text).
        var kept = Assert.Single(await world.Store(EmergencyRoom).EmergencyJustificationsAsync(1_000, CancellationToken.None),
            j => j.Patient == patient.Address);
        Assert.Equal(justification, kept.Justification);
        Assert.Equal(opened.OperationId, kept.TransactionHash);
        Assert.Equal((30UL * 60, window.JustificationCommitment), (kept.DurationSeconds, kept.JustificationCommitment));
        Assert.Equal(window.JustificationCommitment,
            "0x" + Convert.ToHexStringLower(IdentityCommitment.Create(justification, Convert.FromHexString(kept.Salt[2..]))));

        // The window serves emergency reads only (docs/adr/0012-purpose-of-use.md); the client's default is treatment.
        var forTreatment = await Assert.ThrowsAsync<MedRecApiException>(() => EmergencyRoom.Api.ReadProviderRecordsAsync(patient.Address, Hospital.Address));
        Assert.Equal((HttpStatusCode.Forbidden, ProblemCodes.AccessDenied), (forTreatment.Status, forTreatment.Code));
        var read = await EmergencyRoom.Api.ReadProviderRecordsAsync(patient.Address, Hospital.Address, Purpose.Emergency);
        Assert.Equal((ProviderOutcome.Ok, AccessDecision.BreakTheGlass), (read.Outcome, read.Reason));
        Assert.Equal(added.Pointers!.Select(p => p.PointerId).Order(), read.Pointers.Select(p => p.PointerId).Order());

        var audit = (await patient.Api.ReadAuditAsync()).Entries.Where(e => e.Asker == EmergencyRoom.Address).ToList();
        Assert.Contains(audit, e => e.Granted && e.Reason == $"{AccessDecision.BreakTheGlass}:{window.JustificationCommitment}" && e.Purpose == "emergency");
        Assert.Contains(audit, e => !e.Granted && e.Reason == AccessDenials.NoGrant && e.Purpose == "treatment");
        Assert.Contains(audit, e => !e.Granted && e.Reason == AccessDenials.NoGrant);

        await patient.Api.WaitForAppliedAsync(await patient.Api.CloseEmergencyAccessAsync(EmergencyRoom.Address));
        Assert.NotEqual(0UL, Assert.Single((await patient.Api.GetEmergencyAccessAsync()).Windows).ClosedAt);
        var closed = await Assert.ThrowsAsync<MedRecApiException>(() => EmergencyRoom.Api.ReadProviderRecordsAsync(patient.Address, Hospital.Address, Purpose.Emergency));
        Assert.Equal((HttpStatusCode.Forbidden, ProblemCodes.AccessDenied), (closed.Status, closed.Code));
    }

    [Fact]
    public async Task A_provider_without_a_store_cannot_break_the_glass_and_nothing_is_sent()
    {
        var patient = await world.NewPatientAsync();
        var clinic = await world.NewParticipantAsync();
        await world.Certifier.Api.WaitForAppliedAsync(await world.Certifier.Api.RegisterProviderAsync(
            clinic.Address, "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), "https://storeless.example.org/fhir"));
        var before = await world.BlockNumberAsync();

        // Its justification would have nowhere durable to go, so the window is not opened.
        var refused = await Assert.ThrowsAsync<MedRecApiException>(() => clinic.Api.OpenEmergencyAccessAsync(patient.Address, "Trauma bay, no history.", 10));

        Assert.Equal((HttpStatusCode.ServiceUnavailable, ProblemCodes.StoreUnavailable), (refused.Status, refused.Code));
        Assert.Equal(before, await world.BlockNumberAsync());
        Assert.Empty((await patient.Api.GetEmergencyAccessAsync()).Windows);
    }

    [Fact]
    public async Task A_non_provider_cannot_open_and_a_stranger_cannot_list()
    {
        var patient = await world.NewPatientAsync();
        var other = await world.NewPatientAsync();

        var notProvider = await Assert.ThrowsAsync<MedRecApiException>(() => other.Api.OpenEmergencyAccessAsync(patient.Address, "curious", 10));
        Assert.Equal((HttpStatusCode.NotFound, ProblemCodes.ProviderUnknown), (notProvider.Status, notProvider.Code));

        var forged = await Assert.ThrowsAsync<MedRecApiException>(() =>
            other.Api.OpenEmergencyAccessAsync(patient.Address, "curious", 10, provider: EmergencyRoom.Address));
        Assert.Equal((HttpStatusCode.Forbidden, ProblemCodes.WrongSigner), (forged.Status, forged.Code));

        var tooLong = await Assert.ThrowsAsync<MedRecApiException>(() => EmergencyRoom.Api.OpenEmergencyAccessAsync(patient.Address, "trauma", 24 * 60 + 1));
        Assert.Equal((HttpStatusCode.BadRequest, ProblemCodes.InvalidArgument), (tooLong.Status, tooLong.Code));

        var stranger = await Assert.ThrowsAsync<MedRecApiException>(() => other.Api.GetEmergencyAccessAsync(patient.Address));
        Assert.Equal((HttpStatusCode.Forbidden, ProblemCodes.WrongSigner), (stranger.Status, stranger.Code));
    }
}
