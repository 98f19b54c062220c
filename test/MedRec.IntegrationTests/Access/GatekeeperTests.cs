using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Access;
using MedRec.Grains.Publishing;
using MedRec.Grains.Signing;
using MedRec.TestSupport;

namespace MedRec.IntegrationTests.Access;

/// <summary>The gatekeeper on a real chain, mirror and PostgreSQL store: who may read what, integrity, replay, audit.</summary>
[Collection(AccessCollection.Name)]
public sealed class GatekeeperTests(AccessFixture world)
{
    private Participant Provider => world.Providers[0];

    private IGatekeeperGrain Gatekeeper(Participant provider) => world.Grains.GetGrain<IGatekeeperGrain>(provider.Address);

    private async Task<IReadOnlyList<PublishedPointer>> PublishAsync(Participant provider, Participant patient, int vitals = 3)
    {
        var published = await world.Publisher(provider).AddAsync(patient.Address, TestRecords.Some(vitals), CancellationToken.None);
        await world.WaitForPointersAsync(patient, provider, published);
        return published;
    }

    [Fact]
    public async Task The_patient_reads_every_pointer_verified_against_the_chain_and_the_read_is_audited()
    {
        var patient = await world.NewPatientAsync();
        var published = await PublishAsync(Provider, patient);
        Assert.Equal(3, published.Count); // vital signs, laboratory, conditions

        var answer = await Gatekeeper(Provider).ReadAsync(world.Sign(patient, patient, Provider.Address, AccessRequest.ZeroPointer));

        Assert.Equal(ProviderOutcome.Ok, answer.Outcome);
        Assert.Equal(published.Select(p => p.PointerId).Order(), answer.Pointers.Select(p => p.PointerId).Order());
        Assert.All(answer.Pointers, p => Assert.Equal(IntegrityVerdict.Verified, p.Verdict));
        Assert.Equal(5, answer.Pointers.Sum(p => p.RecordCount));
        var vitals = answer.Pointers.Single(p => p.RecordCount == 3);
        Assert.Equal(3, FhirBundles.Resources(vitals.BundleJson).Count);
        Assert.All(FhirBundles.Resources(vitals.BundleJson), json => Assert.Contains("\"8867-4\"", json));

        var audit = await world.Store(Provider).AuditOfPatientAsync(patient.Address, 100, CancellationToken.None);
        Assert.Equal(3, audit.Count(e => e.Granted && e.Asker == patient.Address && e.Reason == "granted"));
    }

    [Fact]
    public async Task A_viewer_reads_only_what_was_granted_until_the_grant_is_revoked_or_expires()
    {
        var patient = await world.NewPatientAsync();
        var viewer = await world.NewPatientAsync();
        var published = await PublishAsync(Provider, patient);
        var shared = published.Single(p => p.Query.Contains("category=vital-signs", StringComparison.Ordinal));
        var gatekeeper = Gatekeeper(Provider);

        var before = await gatekeeper.ReadAsync(world.Sign(viewer, patient, Provider.Address, shared.PointerId));
        Assert.Equal((ProviderOutcome.Denied, AccessDenials.NoGrant), (before.Outcome, before.Reason));

        await patient.Client.GrantAccessAsync(Provider.Address, Convert.FromHexString(shared.PointerId[2..]), viewer.Address, DateTimeOffset.UtcNow.AddMinutes(10));
        await world.WaitForMirrorAsync(patient, Provider, v => v.Grants.Any(g => g.Viewer == viewer.Address), "the grant");

        var granted = await gatekeeper.ReadAsync(world.Sign(viewer, patient, Provider.Address, shared.PointerId));
        Assert.Equal(ProviderOutcome.Ok, granted.Outcome);
        Assert.Equal(3, Assert.Single(granted.Pointers).RecordCount);

        var everything = await gatekeeper.ReadAsync(world.Sign(viewer, patient, Provider.Address, AccessRequest.ZeroPointer));
        Assert.Equal(shared.PointerId, Assert.Single(everything.Pointers).PointerId);

        var other = published.First(p => p.PointerId != shared.PointerId);
        var notShared = await gatekeeper.ReadAsync(world.Sign(viewer, patient, Provider.Address, other.PointerId));
        Assert.Equal((ProviderOutcome.Denied, AccessDenials.NoGrant), (notShared.Outcome, notShared.Reason));

        world.Clock.Advance(TimeSpan.FromMinutes(11));
        try
        {
            var expired = await gatekeeper.ReadAsync(world.Sign(viewer, patient, Provider.Address, shared.PointerId));
            Assert.Equal((ProviderOutcome.Denied, AccessDenials.GrantExpired), (expired.Outcome, expired.Reason));
        }
        finally
        {
            world.Clock.Reset();
        }

        await patient.Client.RevokeAccessAsync(Provider.Address, Convert.FromHexString(shared.PointerId[2..]), viewer.Address);
        await world.WaitForMirrorAsync(patient, Provider, v => v.Grants.All(g => g.Viewer != viewer.Address), "the revocation");
        var revoked = await gatekeeper.ReadAsync(world.Sign(viewer, patient, Provider.Address, shared.PointerId));
        Assert.Equal((ProviderOutcome.Denied, AccessDenials.NoGrant), (revoked.Outcome, revoked.Reason));

        var audit = await world.Store(Provider).AuditOfPatientAsync(patient.Address, 100, CancellationToken.None);
        var byViewer = audit.Where(e => e.Asker == viewer.Address).ToList();
        Assert.Equal(2, byViewer.Count(e => e.Granted));
        Assert.Equal(4, byViewer.Count(e => !e.Granted));
        Assert.Contains(byViewer, e => e.Reason == AccessDenials.GrantExpired);
    }

    [Fact]
    public async Task A_read_is_audited_with_the_purpose_it_declared_granted_or_refused()
    {
        var patient = await world.NewPatientAsync();
        var viewer = await world.NewPatientAsync();
        var stranger = await world.NewPatientAsync();
        var published = await PublishAsync(Provider, patient);
        var shared = published[0];
        await patient.Client.GrantAccessAsync(Provider.Address, Convert.FromHexString(shared.PointerId[2..]), viewer.Address, DateTimeOffset.UtcNow.AddMinutes(10));
        await world.WaitForMirrorAsync(patient, Provider, v => v.Grants.Any(g => g.Viewer == viewer.Address), "the grant");
        var gatekeeper = Gatekeeper(Provider);

        var own = await gatekeeper.ReadAsync(world.Sign(patient, patient, Provider.Address, shared.PointerId)); // the default: patient-request
        var ownResearch = await gatekeeper.ReadAsync(world.Sign(patient, patient, Provider.Address, shared.PointerId, purpose: Purpose.Research));
        var payment = await gatekeeper.ReadAsync(world.Sign(viewer, patient, Provider.Address, shared.PointerId, purpose: Purpose.Payment));
        var refused = await gatekeeper.ReadAsync(world.Sign(stranger, patient, Provider.Address, shared.PointerId, purpose: Purpose.Operations));

        Assert.Equal([ProviderOutcome.Ok, ProviderOutcome.Ok, ProviderOutcome.Ok, ProviderOutcome.Denied],
            new[] { own, ownResearch, payment, refused }.Select(a => a.Outcome));
        var audit = await world.Store(Provider).AuditOfPatientAsync(patient.Address, 100, CancellationToken.None);
        Assert.Equal(["patient-request", "research"], audit.Where(e => e.Asker == patient.Address).Select(e => e.Purpose).Order());
        var byViewer = Assert.Single(audit, e => e.Asker == viewer.Address);
        Assert.Equal((true, "payment"), (byViewer.Granted, byViewer.Purpose));
        var byStranger = Assert.Single(audit, e => e.Asker == stranger.Address);
        Assert.Equal((false, AccessDenials.NoGrant, "operations"), (byStranger.Granted, byStranger.Reason, byStranger.Purpose));
        // The FHIR AuditEvent names the purpose with its HL7 v3 code.
        Assert.Equal("HPAYMT", AuditEvents.ToFhir(byViewer).PurposeOfEvent.Single().Coding.Single().Code);
    }

    [Fact]
    public async Task A_read_with_an_uncovered_purpose_is_refused_purpose_not_granted_and_audited()
    {
        var patient = await world.NewPatientAsync();
        var viewer = await world.NewPatientAsync();
        var published = await PublishAsync(Provider, patient);
        var shared = published[0];
        // The patient shares the slice with an insurer-like viewer for payment only (the contract stores the set).
        await patient.Client.GrantAccessAsync(Provider.Address, Convert.FromHexString(shared.PointerId[2..]), viewer.Address,
            DateTimeOffset.UtcNow.AddMinutes(10), PurposeSet.Payment);
        await world.WaitForMirrorAsync(patient, Provider, v => v.Grants.Any(g => g.Viewer == viewer.Address && g.Purposes == PurposeSet.Payment), "the payment-only grant");
        var gatekeeper = Gatekeeper(Provider);

        var treatment = await gatekeeper.ReadAsync(world.Sign(viewer, patient, Provider.Address, shared.PointerId, purpose: Purpose.Treatment));
        var everyForTreatment = await gatekeeper.ReadAsync(world.Sign(viewer, patient, Provider.Address, AccessRequest.ZeroPointer, purpose: Purpose.Treatment));
        var payment = await gatekeeper.ReadAsync(world.Sign(viewer, patient, Provider.Address, shared.PointerId, purpose: Purpose.Payment));
        var owner = await gatekeeper.ReadAsync(world.Sign(patient, patient, Provider.Address, shared.PointerId, purpose: Purpose.Operations));

        Assert.Equal((ProviderOutcome.Denied, AccessDenials.PurposeNotGranted), (treatment.Outcome, treatment.Reason));
        Assert.Empty(treatment.Pointers);
        Assert.Equal((ProviderOutcome.Denied, AccessDenials.PurposeNotGranted), (everyForTreatment.Outcome, everyForTreatment.Reason));
        Assert.Equal(shared.PointerId, Assert.Single(payment.Pointers).PointerId);
        Assert.Equal(ProviderOutcome.Ok, owner.Outcome);

        var audit = await world.Store(Provider).AuditOfPatientAsync(patient.Address, 100, CancellationToken.None);
        var byViewer = audit.Where(e => e.Asker == viewer.Address).ToList();
        Assert.Equal(2, byViewer.Count(e => !e.Granted && e.Reason == AccessDenials.PurposeNotGranted && e.Purpose == "treatment"));
        Assert.Single(byViewer, e => e.Granted && e.Purpose == "payment");
    }

    [Fact]
    public async Task The_provider_reads_its_own_pointers()
    {
        var patient = await world.NewPatientAsync();
        var published = await PublishAsync(Provider, patient);

        var answer = await Gatekeeper(Provider).ReadAsync(world.Sign(Provider, patient, Provider.Address, published[0].PointerId));

        Assert.Equal(ProviderOutcome.Ok, answer.Outcome);
        Assert.Equal(IntegrityVerdict.Verified, Assert.Single(answer.Pointers).Verdict);
    }

    [Fact]
    public async Task Refused_requests_are_audited_and_change_nothing_but_the_audit()
    {
        var patient = await world.NewPatientAsync();
        var stranger = await world.NewPatientAsync();
        var published = await PublishAsync(Provider, patient);
        var pointer = published[0].PointerId;
        var gatekeeper = Gatekeeper(Provider);
        var records = await world.CountAsync(Provider, "records");
        var pointers = await world.CountAsync(Provider, "pointers");
        var audits = await world.CountAsync(Provider, "audit_entries");

        var valid = world.Sign(patient, patient, Provider.Address, pointer);
        var cases = new List<(string What, SignedAccessRequest Request, string Reason)>
        {
            ("tampered pointer", valid with { Request = valid.Request with { PointerId = published[1].PointerId } }, AccessRequestRejectionCodes.SignatureMismatch),
            ("tampered asker", valid with { Request = valid.Request with { Asker = stranger.Address } }, AccessRequestRejectionCodes.SignatureMismatch),
            ("other chain", world.Sign(patient, patient, Provider.Address, pointer,
                domain: world.Domain with { ChainId = world.Domain.ChainId + 1 }), AccessRequestRejectionCodes.SignatureMismatch),
            ("other contract", world.Sign(patient, patient, Provider.Address, pointer,
                domain: world.Domain with { VerifyingContract = world.Chain.Deployment.Contracts.Summary }), AccessRequestRejectionCodes.SignatureMismatch),
            ("expired", patient.Signer.Sign(valid.Request with { ExpiresAt = (ulong)world.Clock.GetUtcNow().AddSeconds(-5).ToUnixTimeSeconds() }, world.Domain),
                AccessRequestRejectionCodes.RequestExpired),
            ("garbage signature", valid with { Signature = "0x" + new string('z', 130) }, AccessRequestRejectionCodes.SignatureMalformed),
            ("short signature", valid with { Signature = valid.Signature[..100] }, AccessRequestRejectionCodes.SignatureMalformed),
            ("oversized field", valid with { Request = valid.Request with { Patient = "0x" + new string('a', 100_000) } }, AccessRequestRejectionCodes.RequestMalformed),
            ("unknown pointer", world.Sign(patient, patient, Provider.Address, AccessRequestSigner.NewNonce()), AccessDenials.PointerUnknown),
            ("stranger", world.Sign(stranger, patient, Provider.Address, pointer), AccessDenials.NoGrant),
            ("another provider's request", world.Sign(patient, patient, world.Providers[1].Address, pointer), AccessDenials.WrongProvider),
            ("audit action on read", world.Sign(patient, patient, Provider.Address, pointer, AccessAction.ReadAudit), AccessDenials.WrongAction),
        };

        foreach (var (what, request, reason) in cases)
        {
            var answer = await gatekeeper.ReadAsync(request);
            Assert.True(answer.Outcome == ProviderOutcome.Denied && answer.Reason == reason,
                $"{what}: expected denied with {reason}, got {answer.Outcome} {answer.Reason}");
            Assert.Empty(answer.Pointers);
        }

        var first = await gatekeeper.ReadAsync(valid);
        Assert.Equal(ProviderOutcome.Ok, first.Outcome);
        var replay = await gatekeeper.ReadAsync(valid);
        Assert.Equal((ProviderOutcome.Denied, AccessDenials.Replayed), (replay.Outcome, replay.Reason));

        Assert.Equal(records, await world.CountAsync(Provider, "records"));
        Assert.Equal(pointers, await world.CountAsync(Provider, "pointers"));
        Assert.Equal(audits + cases.Count + 2, await world.CountAsync(Provider, "audit_entries"));
    }

    [Fact]
    public async Task Records_changed_after_publication_are_reported_and_never_returned()
    {
        var patient = await world.NewPatientAsync();
        var published = await PublishAsync(Provider, patient);
        var localId = await world.Store(Provider).LinkPatientAsync(patient.Address, CancellationToken.None);
        await world.TamperAsync(Provider, localId);

        var answer = await Gatekeeper(Provider).ReadAsync(world.Sign(patient, patient, Provider.Address, AccessRequest.ZeroPointer));

        Assert.Equal((ProviderOutcome.IntegrityFailed, AccessDenials.IntegrityFailed), (answer.Outcome, answer.Reason));
        var failed = answer.Pointers.Where(p => p.Verdict == IntegrityVerdict.DataHashMismatch).ToList();
        Assert.Equal(2, failed.Count); // the observations (vital signs and laboratory) carried status "final"
        Assert.All(failed, p =>
        {
            Assert.Equal(0, p.RecordCount);
            Assert.Empty(FhirBundles.Resources(p.BundleJson));
            Assert.NotEqual(p.ChainDataHash, p.ComputedDataHash);
        });
        Assert.Equal(IntegrityVerdict.Verified, answer.Pointers.Single(p => !failed.Contains(p)).Verdict);
        Assert.Equal(published.Count, answer.Pointers.Count);
    }

    [Fact]
    public async Task The_patient_reads_their_audit_trail_and_nobody_else_can()
    {
        var patient = await world.NewPatientAsync();
        var stranger = await world.NewPatientAsync();
        var published = await PublishAsync(Provider, patient);
        var gatekeeper = Gatekeeper(Provider);
        await gatekeeper.ReadAsync(world.Sign(stranger, patient, Provider.Address, published[0].PointerId));
        await gatekeeper.ReadAsync(world.Sign(patient, patient, Provider.Address, published[0].PointerId));

        var trail = await gatekeeper.ReadAuditAsync(world.Sign(patient, patient, Provider.Address, AccessRequest.ZeroPointer, AccessAction.ReadAudit), 50);
        Assert.Equal(ProviderOutcome.Ok, trail.Outcome);
        Assert.Contains(trail.Entries, e => e.Asker == stranger.Address && !e.Granted && e.Reason == AccessDenials.NoGrant);
        Assert.Contains(trail.Entries, e => e.Asker == patient.Address && e.Granted && e.PointerId == published[0].PointerId);
        Assert.All(trail.Entries, e => Assert.Equal(patient.Address, e.Patient));

        var snooping = await gatekeeper.ReadAuditAsync(world.Sign(stranger, patient, Provider.Address, AccessRequest.ZeroPointer, AccessAction.ReadAudit), 50);
        Assert.Equal((ProviderOutcome.Denied, AccessDenials.NotPatient), (snooping.Outcome, snooping.Reason));
        Assert.Empty(snooping.Entries);
    }
}
