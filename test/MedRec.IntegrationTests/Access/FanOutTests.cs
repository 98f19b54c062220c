using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Access;
using MedRec.Grains.Publishing;
using MedRec.TestSupport;

namespace MedRec.IntegrationTests.Access;

/// <summary>The whole-history fan-out across providers that answer, refuse, fail integrity, are down or hang.</summary>
[Collection(AccessCollection.Name)]
public sealed class FanOutTests(AccessFixture world)
{
    private IHistoryGrain History => world.Grains.GetGrain<IHistoryGrain>(0);

    private async Task<IReadOnlyList<PublishedPointer>> PublishAsync(Participant provider, Participant patient, int vitals)
    {
        var published = await world.Publisher(provider).AddAsync(patient.Address, TestRecords.Some(vitals), CancellationToken.None);
        await world.WaitForPointersAsync(patient, provider, published);
        return published;
    }

    /// <summary>A pointer published straight on chain by a provider whose store the silo cannot reach.</summary>
    private async Task PublishBlindAsync(Participant provider, Participant patient)
    {
        await provider.Client.PublishPointerAsync(patient.Address, ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32());
        await world.WaitForMirrorAsync(patient, provider, v => v.Pointers.Count > 0, "the blind pointer");
    }

    [Fact]
    public async Task One_call_returns_every_provider_s_records_and_says_why_the_others_are_missing()
    {
        var patient = await world.NewPatientAsync();
        var (ok1, ok2, tampered) = (world.Providers[0], world.Providers[1], world.Providers[2]);
        await PublishAsync(ok1, patient, vitals: 2);
        await PublishAsync(ok2, patient, vitals: 4);
        await PublishAsync(tampered, patient, vitals: 1);
        await world.TamperAsync(tampered, await world.Store(tampered).LinkPatientAsync(patient.Address, CancellationToken.None));
        await PublishBlindAsync(world.DownProvider, patient);
        await PublishBlindAsync(world.HangingProvider, patient);
        await world.WaitForSummaryAsync(patient, ok1, ok2, tampered, world.DownProvider, world.HangingProvider);

        var answer = await History.ReadHistoryAsync(world.Sign(patient, patient, AccessRequest.ZeroAddress, AccessRequest.ZeroPointer));

        var outcomes = answer.Providers.ToDictionary(p => p.Provider, p => p.Outcome);
        Assert.Equal(ProviderOutcome.Ok, outcomes[ok1.Address]);
        Assert.Equal(ProviderOutcome.Ok, outcomes[ok2.Address]);
        Assert.Equal(ProviderOutcome.IntegrityFailed, outcomes[tampered.Address]);
        Assert.Equal(ProviderOutcome.Unavailable, outcomes[world.DownProvider.Address]);
        Assert.Equal(ProviderOutcome.TimedOut, outcomes[world.HangingProvider.Address]);
        Assert.Equal(5, outcomes.Count);

        // 2 + 4 vitals, a lab result and a condition at each of the two good providers, and only the condition (which
        // the tampering did not touch) from the third.
        Assert.Equal(2 + 4 + 2 * 2 + 1, answer.RecordCount);
        var entries = FhirBundles.Resources(answer.BundleJson);
        Assert.Equal(answer.RecordCount, entries.Count);
        Assert.Contains($"urn:medrec:{ok2.Address}:", answer.BundleJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_s_history_holds_only_granted_pointers_and_the_request_cannot_be_replayed()
    {
        var patient = await world.NewPatientAsync();
        var viewer = await world.NewPatientAsync();
        var (granting, other) = (world.Providers[0], world.Providers[1]);
        var published = await PublishAsync(granting, patient, vitals: 3);
        await PublishAsync(other, patient, vitals: 1);
        var shared = published.Single(p => p.Query.Contains("category=vital-signs", StringComparison.Ordinal));
        await patient.Client.GrantAccessAsync(granting.Address, Convert.FromHexString(shared.PointerId[2..]), viewer.Address, DateTimeOffset.UtcNow.AddHours(1));
        await world.WaitForMirrorAsync(patient, granting, v => v.Grants.Any(g => g.Viewer == viewer.Address), "the grant");
        await world.WaitForSummaryAsync(patient, granting, other);

        var request = world.Sign(viewer, patient, AccessRequest.ZeroAddress, AccessRequest.ZeroPointer, purpose: Purpose.Payment);
        var answer = await History.ReadHistoryAsync(request);

        var outcomes = answer.Providers.ToDictionary(p => p.Provider);
        Assert.Equal(ProviderOutcome.Ok, outcomes[granting.Address].Outcome);
        Assert.Equal((ProviderOutcome.Denied, AccessDenials.NoGrant), (outcomes[other.Address].Outcome, outcomes[other.Address].Reason));
        Assert.Equal(3, answer.RecordCount);
        // Every gatekeeper decided and audited the one signed purpose (docs/adr/0012-purpose-of-use.md).
        foreach (var provider in new[] { granting, other })
        {
            var audited = (await world.Store(provider).AuditOfPatientAsync(patient.Address, 100, CancellationToken.None)).Where(e => e.Asker == viewer.Address).ToList();
            Assert.NotEmpty(audited);
            Assert.All(audited, e => Assert.Equal("payment", e.Purpose));
        }

        var replay = await History.ReadHistoryAsync(request);
        Assert.All(replay.Providers, p => Assert.Equal((ProviderOutcome.Denied, AccessDenials.Replayed), (p.Outcome, p.Reason)));
        Assert.Equal(0, replay.RecordCount);
    }
}
