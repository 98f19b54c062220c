using System.Numerics;
using MedRec.ChainIndexer.Contracts.Relationships;
using MedRec.Grains.Abstractions.Access;
using Nethereum.ABI;
using Nethereum.Util;

namespace MedRec.IntegrationTests;

[Collection(ChainCollection.Name)]
public sealed class RelationshipsContractTests(ChainFixture chain)
{
    private string Relationships => chain.Deployment.Contracts.Relationships;

    [Fact]
    public async Task A_provider_publishes_a_pointer_and_updates_it_with_a_new_version()
    {
        var patient = await chain.NewPatientAsync();
        var provider = await chain.NewProviderAsync();
        var (pointerId, commitment, dataHash) = (ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32());

        var receipt = await provider.PublishPointerAsync(patient.Address, pointerId, commitment, dataHash);

        var published = Events.Single<PointerPublishedEvent>(receipt, Relationships);
        Assert.Equal(patient.Address.Lower(), published.Patient.Lower());
        Assert.Equal(provider.Address.Lower(), published.Provider.Lower());
        Assert.Equal(pointerId, published.PointerId);
        Assert.Equal(commitment, published.QueryCommitment);
        Assert.Equal(dataHash, published.DataHash);
        Assert.Equal(1UL, published.Version);
        var stored = await chain.Reader.PointerOfAsync(patient.Address, provider.Address, pointerId);
        Assert.Equal(1UL, stored.Version);
        Assert.Equal(ContentDigest(commitment, dataHash), stored.ContentDigest);

        var newHash = ChainFixture.RandomBytes32();
        var update = Events.Single<PointerPublishedEvent>(
            await provider.PublishPointerAsync(patient.Address, pointerId, commitment, newHash), Relationships);
        Assert.Equal(2UL, update.Version);
        Assert.Equal(newHash, update.DataHash);
        var updated = await chain.Reader.PointerOfAsync(patient.Address, provider.Address, pointerId);
        Assert.Equal(2UL, updated.Version);
        Assert.Equal(ContentDigest(commitment, newHash), updated.ContentDigest);
    }

    [Fact]
    public async Task Only_active_providers_publish_and_only_to_registered_patients()
    {
        var patient = await chain.NewPatientAsync();
        var otherPatient = await chain.NewPatientAsync();
        var unknown = await chain.NewAccountAsync();
        var provider = await chain.NewProviderAsync();

        foreach (var caller in new[] { otherPatient, unknown, chain.Root })
        {
            var refused = await Revert.ExpectAsync("NotActiveProvider", () => caller.PublishPointerAsync(
                patient.Address, ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32()));
            Assert.Equal(caller.Address.Lower(), refused.Address("account"));
        }

        var unknownPatient = await Revert.ExpectAsync("UnknownPatient", () => provider.PublishPointerAsync(
            unknown.Address, ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32()));
        Assert.Equal(unknown.Address.Lower(), unknownPatient.Address("patient"));
        var otherProvider = await chain.NewProviderAsync();
        await Revert.ExpectAsync("UnknownPatient", () => provider.PublishPointerAsync(
            otherProvider.Address, ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32()));

        await Revert.ExpectAsync("EmptyValue", () => provider.PublishPointerAsync(
            patient.Address, new byte[32], ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32()));
        await Revert.ExpectAsync("EmptyValue", () => provider.PublishPointerAsync(
            patient.Address, ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32(), new byte[32]));
    }

    [Fact]
    public async Task A_revoked_provider_can_no_longer_publish_or_update()
    {
        var (patient, provider, pointerId) = await chain.NewRelationshipAsync();
        await chain.Root.RevokeProviderAsync(provider.Address);

        await Revert.ExpectAsync("NotActiveProvider", () => provider.PublishPointerAsync(
            patient.Address, pointerId, ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32()));
        await Revert.ExpectAsync("NotActiveProvider", () => provider.PublishPointersAsync(patient.Address,
            [new PointerInput { PointerId = ChainFixture.RandomBytes32(), QueryCommitment = ChainFixture.RandomBytes32(), DataHash = ChainFixture.RandomBytes32() }]));
        Assert.Equal(1UL, (await chain.Reader.PointerOfAsync(patient.Address, provider.Address, pointerId)).Version);
    }

    [Fact]
    public async Task Only_the_provider_of_a_relationship_touches_its_pointers()
    {
        var (patient, provider, pointerId) = await chain.NewRelationshipAsync();
        var before = await chain.Reader.PointerOfAsync(patient.Address, provider.Address, pointerId);
        var intruder = await chain.NewProviderAsync();

        // The same pointer id published by another provider lands in that provider's own relationship.
        await intruder.PublishPointerAsync(patient.Address, pointerId, ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32());

        var after = await chain.Reader.PointerOfAsync(patient.Address, provider.Address, pointerId);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.ContentDigest, after.ContentDigest);
        Assert.Equal(1UL, (await chain.Reader.PointerOfAsync(patient.Address, intruder.Address, pointerId)).Version);
    }

    [Fact]
    public async Task A_batch_publishes_many_pointers_in_one_transaction()
    {
        var patient = await chain.NewPatientAsync();
        var provider = await chain.NewProviderAsync();
        var inputs = Enumerable.Range(0, 25).Select(_ => new PointerInput
        {
            PointerId = ChainFixture.RandomBytes32(), QueryCommitment = ChainFixture.RandomBytes32(), DataHash = ChainFixture.RandomBytes32(),
        }).ToList();

        var receipt = await provider.PublishPointersAsync(patient.Address, inputs);

        var events = Events.All<PointerPublishedEvent>(receipt);
        Assert.Equal(inputs.Select(i => i.PointerId), events.Select(e => e.PointerId));
        Assert.Equal(inputs.Select(i => i.DataHash), events.Select(e => e.DataHash));
        Assert.All(events, e => Assert.Equal(1UL, e.Version));
        foreach (var input in inputs)
        {
            var stored = await chain.Reader.PointerOfAsync(patient.Address, provider.Address, input.PointerId);
            Assert.Equal(ContentDigest(input.QueryCommitment, input.DataHash), stored.ContentDigest);
        }

        await Revert.ExpectAsync("EmptyBatch", () => provider.PublishPointersAsync(patient.Address, []));
        await Revert.ExpectAsync("EmptyValue", () => provider.PublishPointersAsync(patient.Address,
            [inputs[0], new PointerInput { PointerId = ChainFixture.RandomBytes32(), QueryCommitment = new byte[32], DataHash = ChainFixture.RandomBytes32() }]));
        Assert.Equal(1UL, (await chain.Reader.PointerOfAsync(patient.Address, provider.Address, inputs[0].PointerId)).Version);
    }

    [Fact]
    public async Task A_patient_grants_a_viewer_one_pointer_until_an_expiry()
    {
        var (patient, provider, pointerId) = await chain.NewRelationshipAsync();
        var viewer = await chain.NewPatientAsync("family member");
        var expiresAt = (await chain.ChainNowAsync()).AddDays(30);

        var receipt = await patient.GrantAccessAsync(provider.Address, pointerId, viewer.Address, expiresAt);

        var granted = Events.Single<AccessGrantedEvent>(receipt, Relationships);
        Assert.Equal(patient.Address.Lower(), granted.Patient.Lower());
        Assert.Equal(provider.Address.Lower(), granted.Provider.Lower());
        Assert.Equal(viewer.Address.Lower(), granted.Viewer.Lower());
        Assert.Equal(pointerId, granted.PointerId);
        Assert.Equal((ulong)expiresAt.ToUnixTimeSeconds(), granted.ExpiresAt);
        Assert.Equal((byte)PurposeSet.All, granted.Purposes);
        var stored = await chain.Reader.GrantOfAsync(patient.Address, provider.Address, pointerId, viewer.Address);
        Assert.Equal((ulong)expiresAt.ToUnixTimeSeconds(), stored.ExpiresAt);
        Assert.Equal((byte)PurposeSet.All, stored.Purposes);
        foreach (var purpose in Purposes.All)
        {
            await chain.Reader.RequireAccessAsync(patient.Address, provider.Address, pointerId, viewer.Address, purpose);
        }

        // A physician as viewer (second opinion) is as valid as a family member.
        var physician = await chain.NewProviderAsync();
        await patient.GrantAccessAsync(provider.Address, pointerId, physician.Address, expiresAt);
        await chain.Reader.RequireAccessAsync(patient.Address, provider.Address, pointerId, physician.Address, Purpose.Treatment);
    }

    [Fact]
    public async Task A_grant_limited_to_purposes_gives_access_for_those_only()
    {
        var (patient, provider, pointerId) = await chain.NewRelationshipAsync();
        var insurer = await chain.NewProviderAsync();
        var expiresAt = (await chain.ChainNowAsync()).AddDays(30);

        var receipt = await patient.GrantAccessAsync(provider.Address, pointerId, insurer.Address, expiresAt, PurposeSet.Payment);

        Assert.Equal((byte)PurposeSet.Payment, Events.Single<AccessGrantedEvent>(receipt, Relationships).Purposes);
        var stored = await chain.Reader.GrantOfAsync(patient.Address, provider.Address, pointerId, insurer.Address);
        Assert.Equal(((ulong)expiresAt.ToUnixTimeSeconds(), (byte)PurposeSet.Payment), (stored.ExpiresAt, stored.Purposes));
        await chain.Reader.RequireAccessAsync(patient.Address, provider.Address, pointerId, insurer.Address, Purpose.Payment);
        foreach (var purpose in Purposes.All.Where(p => p != Purpose.Payment))
        {
            var refused = await Revert.ExpectAsync("PurposeNotGranted",
                () => chain.Reader.RequireAccessAsync(patient.Address, provider.Address, pointerId, insurer.Address, purpose));
            Assert.Equal(insurer.Address.Lower(), refused.Address("viewer"));
            Assert.Equal(pointerId, Assert.IsType<byte[]>(refused.Arguments["pointerId"]));
            Assert.Equal(new BigInteger((int)purpose), Assert.IsType<BigInteger>(refused.Arguments["purpose"]));
        }

        // A purpose number past the six is granted by no set, not even all six.
        await patient.GrantAccessAsync(provider.Address, pointerId, insurer.Address, expiresAt, PurposeSet.All);
        var beyond = await Revert.ExpectAsync("PurposeNotGranted",
            () => chain.Reader.RequireAccessAsync(patient.Address, provider.Address, pointerId, insurer.Address, (Purpose)6));
        Assert.Equal(new BigInteger(6), Assert.IsType<BigInteger>(beyond.Arguments["purpose"]));
    }

    [Fact]
    public async Task Granting_again_replaces_expiry_and_purposes_together()
    {
        var (patient, provider, pointerId) = await chain.NewRelationshipAsync();
        var viewer = await chain.NewProviderAsync();
        var now = await chain.ChainNowAsync();
        await patient.GrantAccessAsync(provider.Address, pointerId, viewer.Address, now.AddDays(30), PurposeSet.Treatment | PurposeSet.Research);
        await chain.Reader.RequireAccessAsync(patient.Address, provider.Address, pointerId, viewer.Address, Purpose.Research);

        var receipt = await patient.GrantAccessAsync(provider.Address, pointerId, viewer.Address, now.AddDays(5), PurposeSet.Operations);

        var regranted = Events.Single<AccessGrantedEvent>(receipt, Relationships);
        Assert.Equal(((ulong)now.AddDays(5).ToUnixTimeSeconds(), (byte)PurposeSet.Operations), (regranted.ExpiresAt, regranted.Purposes));
        var stored = await chain.Reader.GrantOfAsync(patient.Address, provider.Address, pointerId, viewer.Address);
        Assert.Equal(((ulong)now.AddDays(5).ToUnixTimeSeconds(), (byte)PurposeSet.Operations), (stored.ExpiresAt, stored.Purposes));
        await chain.Reader.RequireAccessAsync(patient.Address, provider.Address, pointerId, viewer.Address, Purpose.Operations);
        await Revert.ExpectAsync("PurposeNotGranted",
            () => chain.Reader.RequireAccessAsync(patient.Address, provider.Address, pointerId, viewer.Address, Purpose.Research));
        await Revert.ExpectAsync("PurposeNotGranted",
            () => chain.Reader.RequireAccessAsync(patient.Address, provider.Address, pointerId, viewer.Address, Purpose.Treatment));
    }

    [Theory]
    [InlineData(0x00)]
    [InlineData(0x40)]
    [InlineData(0x41)]
    [InlineData(0x80)]
    [InlineData(0xFF)]
    public async Task A_grant_of_no_purpose_or_an_unknown_purpose_bit_is_refused(int purposes)
    {
        var (patient, provider, pointerId) = await chain.NewRelationshipAsync();
        var viewer = await chain.NewPatientAsync();
        var later = (await chain.ChainNowAsync()).AddDays(1);

        var refused = await Revert.ExpectAsync("InvalidPurposes",
            () => patient.GrantAccessAsync(provider.Address, pointerId, viewer.Address, later, (PurposeSet)purposes));

        Assert.Equal(new BigInteger(purposes), Assert.IsType<BigInteger>(refused.Arguments["purposes"]));
        var stored = await chain.Reader.GrantOfAsync(patient.Address, provider.Address, pointerId, viewer.Address);
        Assert.Equal((0UL, (byte)0), (stored.ExpiresAt, stored.Purposes));
    }

    [Fact]
    public async Task Grants_are_refused_for_wrong_callers_unknown_viewers_missing_pointers_and_past_expiries()
    {
        var (patient, provider, pointerId) = await chain.NewRelationshipAsync();
        var viewer = await chain.NewPatientAsync();
        var unknown = await chain.NewAccountAsync();
        var later = (await chain.ChainNowAsync()).AddDays(1);

        // Grants are keyed by the caller as patient: the provider or a stranger finds no such pointer.
        foreach (var caller in new[] { provider, viewer, unknown })
        {
            var refused = await Revert.ExpectAsync("PointerNotFound",
                () => caller.GrantAccessAsync(provider.Address, pointerId, viewer.Address, later));
            Assert.Equal(caller.Address.Lower(), refused.Address("patient"));
        }

        var unknownViewer = await Revert.ExpectAsync("UnknownViewer",
            () => patient.GrantAccessAsync(provider.Address, pointerId, unknown.Address, later));
        Assert.Equal(unknown.Address.Lower(), unknownViewer.Address("viewer"));
        await Revert.ExpectAsync("PointerNotFound",
            () => patient.GrantAccessAsync(provider.Address, ChainFixture.RandomBytes32(), viewer.Address, later));
        var past = (await chain.ChainNowAsync()).AddMinutes(-1);
        await Revert.ExpectAsync("ExpiryInPast", () => patient.GrantAccessAsync(provider.Address, pointerId, viewer.Address, past));
        await Revert.ExpectAsync("ViewerIsPatient",
            () => patient.GrantAccessAsync(provider.Address, pointerId, patient.Address, later));

        Assert.Equal(0UL, (await chain.Reader.GrantOfAsync(patient.Address, provider.Address, pointerId, viewer.Address)).ExpiresAt);
        var none = await Revert.ExpectAsync("GrantNotFound",
            () => chain.Reader.RequireAccessAsync(patient.Address, provider.Address, pointerId, viewer.Address, Purpose.Treatment));
        Assert.Equal(viewer.Address.Lower(), none.Address("viewer"));
    }

    [Fact]
    public async Task An_expired_grant_no_longer_gives_access()
    {
        var (patient, provider, pointerId) = await chain.NewRelationshipAsync();
        var viewer = await chain.NewPatientAsync();
        var expiresAt = (await chain.ChainNowAsync()).AddMinutes(10);
        await patient.GrantAccessAsync(provider.Address, pointerId, viewer.Address, expiresAt);
        await chain.Reader.RequireAccessAsync(patient.Address, provider.Address, pointerId, viewer.Address, Purpose.Treatment);

        await chain.AdvanceTimeAsync(TimeSpan.FromMinutes(11));

        var expired = await Revert.ExpectAsync("GrantExpired",
            () => chain.Reader.RequireAccessAsync(patient.Address, provider.Address, pointerId, viewer.Address, Purpose.Treatment));
        Assert.Equal(new BigInteger(expiresAt.ToUnixTimeSeconds()), Assert.IsType<BigInteger>(expired.Arguments["expiredAt"]));
        Assert.Equal(viewer.Address.Lower(), expired.Address("viewer"));
    }

    [Fact]
    public async Task The_patient_revokes_a_grant_at_once_and_only_the_patient_can()
    {
        var (patient, provider, pointerId) = await chain.NewRelationshipAsync();
        var viewer = await chain.NewPatientAsync();
        await patient.GrantAccessAsync(provider.Address, pointerId, viewer.Address, (await chain.ChainNowAsync()).AddDays(1));

        await Revert.ExpectAsync("GrantNotFound", () => provider.RevokeAccessAsync(provider.Address, pointerId, viewer.Address));
        await Revert.ExpectAsync("GrantNotFound", () => viewer.RevokeAccessAsync(provider.Address, pointerId, viewer.Address));
        await chain.Reader.RequireAccessAsync(patient.Address, provider.Address, pointerId, viewer.Address, Purpose.Treatment);

        var receipt = await patient.RevokeAccessAsync(provider.Address, pointerId, viewer.Address);

        var revoked = Events.Single<AccessRevokedEvent>(receipt, Relationships);
        Assert.Equal(patient.Address.Lower(), revoked.Patient.Lower());
        Assert.Equal(provider.Address.Lower(), revoked.Provider.Lower());
        Assert.Equal(viewer.Address.Lower(), revoked.Viewer.Lower());
        Assert.Equal(pointerId, revoked.PointerId);
        var deleted = await chain.Reader.GrantOfAsync(patient.Address, provider.Address, pointerId, viewer.Address);
        Assert.Equal((0UL, (byte)0), (deleted.ExpiresAt, deleted.Purposes));
        await Revert.ExpectAsync("GrantNotFound",
            () => chain.Reader.RequireAccessAsync(patient.Address, provider.Address, pointerId, viewer.Address, Purpose.Treatment));
        await Revert.ExpectAsync("GrantNotFound", () => patient.RevokeAccessAsync(provider.Address, pointerId, viewer.Address));
    }

    [Fact]
    public async Task Pointer_key_and_content_digest_views_agree_with_the_off_chain_computation()
    {
        var patient = await chain.NewAccountAsync();
        var provider = await chain.NewAccountAsync();
        var (pointerId, commitment, dataHash) = (ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32());

        var key = await chain.Reader.QueryAsync<PointerKeyFunction, byte[]>(Relationships,
            new PointerKeyFunction { Patient = patient.Address, Provider = provider.Address, PointerId = pointerId });
        var expectedKey = Sha3Keccack.Current.CalculateHash(new ABIEncode().GetABIEncoded(
            new ABIValue("address", patient.Address), new ABIValue("address", provider.Address), new ABIValue("bytes32", pointerId)));
        Assert.Equal(expectedKey, key);

        var digest = await chain.Reader.QueryAsync<ContentDigestOfFunction, byte[]>(Relationships,
            new ContentDigestOfFunction { QueryCommitment = commitment, DataHash = dataHash });
        Assert.Equal(ContentDigest(commitment, dataHash), digest);
    }

    private static byte[] ContentDigest(byte[] commitment, byte[] dataHash) =>
        Sha3Keccack.Current.CalculateHash(commitment.Concat(dataHash).ToArray())[..24];
}
