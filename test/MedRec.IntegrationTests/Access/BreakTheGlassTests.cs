using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Contracts.EmergencyAccess;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Mirror;
using MedRec.Grains.Access;
using MedRec.Grains.Publishing;
using MedRec.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Streams;

namespace MedRec.IntegrationTests.Access;

/// <summary>Break-the-glass (issue 9, docs/adr/0011-break-the-glass.md) on a real chain, mirror and PostgreSQL store: a
/// provider without a grant opens an emergency window with a justification commitment; the gatekeeper lets it read for
/// the window only, audits it with the flag and the commitment; the patient's mirror shows the window at once.</summary>
[Collection(AccessCollection.Name)]
public sealed class BreakTheGlassTests(AccessFixture world)
{
    private Participant Holder => world.Providers[0];
    private Participant Emergency => world.Providers[1];

    [Fact]
    public async Task A_provider_without_a_grant_reads_during_its_emergency_window_only_audited_with_the_justification()
    {
        var patient = await world.NewPatientAsync();
        var published = await world.Publisher(Holder).AddAsync(patient.Address, TestRecords.Some(2), CancellationToken.None);
        await world.WaitForPointersAsync(patient, Holder, published);
        var gatekeeper = world.Grains.GetGrain<IGatekeeperGrain>(Holder.Address);

        var before = await gatekeeper.ReadAsync(world.Sign(Emergency, patient, Holder.Address, AccessRequest.ZeroPointer, purpose: Purpose.Emergency));
        Assert.Equal((ProviderOutcome.Denied, AccessDenials.NoGrant), (before.Outcome, before.Reason));

        // The patient's notification stream, subscribed before the opening.
        var notified = new TaskCompletionSource<EmergencyAccessAlert>(TaskCreationOptions.RunContinuationsAsynchronously);
        var alerts = world.Silo.Services.GetRequiredService<IClusterClient>().GetStreamProvider(Grains.Abstractions.Chain.ChainStreams.ProviderName)
            .GetStream<EmergencyAccessAlert>(StreamId.Create(EmergencyAccessAlert.StreamNamespace, patient.Address));
        var subscription = await alerts.SubscribeAsync((alert, _) =>
        {
            if (alert.Kind == EmergencyAccessAlert.Opened && alert.Provider == Emergency.Address) notified.TrySetResult(alert);
            return Task.CompletedTask;
        });

        var commitment = IdentityCommitment.Create("unconscious patient in the emergency room, history needed", IdentityCommitment.NewSalt());
        await Emergency.Client.SendAsync(world.Chain.Deployment.Contracts.EmergencyAccess,
            new OpenEmergencyAccessFunction { Patient = patient.Address, JustificationCommitment = commitment, DurationSeconds = 600 });
        var commitmentHex = "0x" + Convert.ToHexStringLower(commitment);
        var window = await WaitForWindowAsync(patient, w => w.Provider == Emergency.Address && w.JustificationCommitment == commitmentHex);
        Assert.Equal(600UL, window.ExpiresAt - window.OpenedAt);
        var alert = await notified.Task.WaitAsync(TimeSpan.FromSeconds(30)); // a deadline for the awaited notification
        Assert.Equal((patient.Address, commitmentHex, window.ExpiresAt, false), (alert.Patient, alert.JustificationCommitment, alert.ExpiresAt, alert.IsUndo));
        await subscription.UnsubscribeAsync();

        var during = await gatekeeper.ReadAsync(world.Sign(Emergency, patient, Holder.Address, AccessRequest.ZeroPointer, purpose: Purpose.Emergency));
        Assert.Equal((ProviderOutcome.Ok, AccessDecision.BreakTheGlass), (during.Outcome, during.Reason));
        Assert.Equal(published.Select(p => p.PointerId).Order(), during.Pointers.Select(p => p.PointerId).Order());
        Assert.All(during.Pointers, p => Assert.Equal(IntegrityVerdict.Verified, p.Verdict));
        if (during.Receipt is { } receipt) Assert.Equal((AccessDecision.BreakTheGlass, "emergency"), (receipt.Reason, receipt.Purpose));

        // The window is for emergencies only (docs/adr/0012-purpose-of-use.md): a treatment read in it is decided by the grants alone.
        var treatment = await gatekeeper.ReadAsync(world.Sign(Emergency, patient, Holder.Address, AccessRequest.ZeroPointer, purpose: Purpose.Treatment));
        Assert.Equal((ProviderOutcome.Denied, AccessDenials.NoGrant), (treatment.Outcome, treatment.Reason));

        // Past the window's end by the gatekeeper's clock (as grants): denied as before.
        var now = (ulong)world.Clock.GetUtcNow().ToUnixTimeSeconds();
        world.Clock.Advance(TimeSpan.FromSeconds(window.ExpiresAt - Math.Min(now, window.ExpiresAt) + 1));
        try
        {
            var after = await gatekeeper.ReadAsync(world.Sign(Emergency, patient, Holder.Address, AccessRequest.ZeroPointer, purpose: Purpose.Emergency));
            Assert.Equal((ProviderOutcome.Denied, AccessDenials.NoGrant), (after.Outcome, after.Reason));
        }
        finally
        {
            world.Clock.Reset();
        }

        var audit = await world.Store(Holder).AuditOfPatientAsync(patient.Address, 100, CancellationToken.None);
        var byEmergency = audit.Where(e => e.Asker == Emergency.Address).ToList();
        Assert.Equal(published.Count, byEmergency.Count(e => e.Granted));
        Assert.All(byEmergency.Where(e => e.Granted), e => Assert.Equal(($"break-the-glass:{commitmentHex}", "emergency"), (e.Reason, e.Purpose)));
        Assert.Equal(3, byEmergency.Count(e => !e.Granted && e.Reason == AccessDenials.NoGrant));
        Assert.Single(byEmergency, e => !e.Granted && e.Purpose == "treatment");
    }

    [Fact]
    public async Task The_patient_closes_the_window_early_and_the_provider_is_denied_again()
    {
        var patient = await world.NewPatientAsync();
        var published = await world.Publisher(Holder).AddAsync(patient.Address, TestRecords.Some(1), CancellationToken.None);
        await world.WaitForPointersAsync(patient, Holder, published);
        var gatekeeper = world.Grains.GetGrain<IGatekeeperGrain>(Holder.Address);
        var contract = world.Chain.Deployment.Contracts.EmergencyAccess;

        await Emergency.Client.SendAsync(contract, new OpenEmergencyAccessFunction
        {
            Patient = patient.Address, JustificationCommitment = IdentityCommitment.Create("trauma", IdentityCommitment.NewSalt()), DurationSeconds = 3600,
        });
        await WaitForWindowAsync(patient, w => w.Provider == Emergency.Address);
        var open = await gatekeeper.ReadAsync(world.Sign(Emergency, patient, Holder.Address, published[0].PointerId, purpose: Purpose.Emergency));
        Assert.Equal(ProviderOutcome.Ok, open.Outcome);

        await patient.Client.SendAsync(contract, new CloseEmergencyAccessFunction { Provider = Emergency.Address });
        await WaitForWindowAsync(patient, w => w.Provider == Emergency.Address && w.ClosedAt > 0);
        var closed = await gatekeeper.ReadAsync(world.Sign(Emergency, patient, Holder.Address, published[0].PointerId, purpose: Purpose.Emergency));
        Assert.Equal((ProviderOutcome.Denied, AccessDenials.NoGrant), (closed.Outcome, closed.Reason));

        // Reconciliation reads each window's expiry from the contract's storage and finds the mirror equal (other
        // tests of the collection may still have events in flight, so only the emergency windows are looked at).
        var report = await new MedRec.ChainIndexer.Reconciliation.MirrorReconciler(world.Chain.Deployment, world.Chain.Node.RpcUrl, world.Grains)
            .ReconcileAsync();
        Assert.DoesNotContain(report.Differences, d => d.StartsWith("emergency access", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Only_an_active_provider_opens_and_only_within_the_cap()
    {
        var patient = await world.NewPatientAsync();
        var stranger = await world.NewPatientAsync();
        var contract = world.Chain.Deployment.Contracts.EmergencyAccess;
        var commitment = IdentityCommitment.Create("no reason", IdentityCommitment.NewSalt());

        var notProvider = await Assert.ThrowsAsync<ChainRevertException>(() => stranger.Client.SendAsync(contract,
            new OpenEmergencyAccessFunction { Patient = patient.Address, JustificationCommitment = commitment, DurationSeconds = 60 }));
        Assert.Equal("NotActiveProvider", notProvider.ErrorName);

        var tooLong = await Assert.ThrowsAsync<ChainRevertException>(() => Emergency.Client.SendAsync(contract,
            new OpenEmergencyAccessFunction { Patient = patient.Address, JustificationCommitment = commitment, DurationSeconds = 24 * 3600 + 1 }));
        Assert.Equal("InvalidDuration", tooLong.ErrorName);

        var noCommitment = await Assert.ThrowsAsync<ChainRevertException>(() => Emergency.Client.SendAsync(contract,
            new OpenEmergencyAccessFunction { Patient = patient.Address, JustificationCommitment = new byte[32], DurationSeconds = 60 }));
        Assert.Equal("EmptyCommitment", noCommitment.ErrorName);

        var notPatient = await Assert.ThrowsAsync<ChainRevertException>(() => Emergency.Client.SendAsync(contract,
            new OpenEmergencyAccessFunction { Patient = Holder.Address, JustificationCommitment = commitment, DurationSeconds = 60 }));
        Assert.Equal("UnknownPatient", notPatient.ErrorName);
    }

    private async Task<EmergencyWindow> WaitForWindowAsync(Participant patient, Func<EmergencyWindow, bool> done)
    {
        var grain = world.Grains.GetGrain<IEmergencyAccessGrain>(patient.Address);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if ((await grain.GetAsync()).Windows.LastOrDefault(done) is { } window) return window;
            if (DateTime.UtcNow > deadline) throw new TimeoutException("the patient's emergency access mirror did not show the window within 30 s");
            await Task.Delay(20);
        }
    }
}
