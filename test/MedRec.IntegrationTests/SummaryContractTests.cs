using System.Numerics;
using MedRec.ChainIndexer.Contracts.Summary;
using MedRec.Grains.Abstractions.Chain;

namespace MedRec.IntegrationTests;

[Collection(ChainCollection.Name)]
public sealed class SummaryContractTests(ChainFixture chain)
{
    private string Summary => chain.Deployment.Contracts.Summary;

    [Fact]
    public async Task The_first_pointer_opens_the_relationship_as_new()
    {
        var patient = await chain.NewPatientAsync();
        var provider = await chain.NewProviderAsync();
        Assert.Equal(RelationshipStatus.None, await chain.Reader.StatusOfAsync(patient.Address, provider.Address));

        var receipt = await provider.PublishPointerAsync(
            patient.Address, ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32());

        var changed = Events.Single<RelationshipStatusChangedEvent>(receipt, Summary);
        Assert.Equal(patient.Address.Lower(), changed.Patient.Lower());
        Assert.Equal(provider.Address.Lower(), changed.Provider.Lower());
        Assert.Equal((byte)RelationshipStatus.New, changed.Status);
        Assert.Equal(RelationshipStatus.New, await chain.Reader.StatusOfAsync(patient.Address, provider.Address));

        // A second pointer to a relationship that is still new changes no status.
        var second = await provider.PublishPointerAsync(
            patient.Address, ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32());
        Assert.Empty(Events.All<RelationshipStatusChangedEvent>(second));
    }

    [Fact]
    public async Task The_patient_accepts_and_rejects_and_an_update_to_an_accepted_relationship_is_pending()
    {
        var (patient, provider, _) = await chain.NewRelationshipAsync();

        var accepted = Events.Single<RelationshipStatusChangedEvent>(await patient.AcceptRelationshipAsync(provider.Address), Summary);
        Assert.Equal((byte)RelationshipStatus.Accepted, accepted.Status);
        Assert.Equal(patient.Address.Lower(), accepted.Patient.Lower());
        Assert.Equal(RelationshipStatus.Accepted, await chain.Reader.StatusOfAsync(patient.Address, provider.Address));

        var unchanged = await Revert.ExpectAsync("StatusUnchanged", () => patient.AcceptRelationshipAsync(provider.Address));
        Assert.Equal(new BigInteger((int)RelationshipStatus.Accepted), Assert.IsType<BigInteger>(unchanged.Arguments["status"]));

        var update = await provider.PublishPointerAsync(
            patient.Address, ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32());
        Assert.Equal((byte)RelationshipStatus.PendingUpdate, Events.Single<RelationshipStatusChangedEvent>(update, Summary).Status);
        Assert.Equal(RelationshipStatus.PendingUpdate, await chain.Reader.StatusOfAsync(patient.Address, provider.Address));

        var rejected = Events.Single<RelationshipStatusChangedEvent>(await patient.RejectRelationshipAsync(provider.Address), Summary);
        Assert.Equal((byte)RelationshipStatus.Rejected, rejected.Status);
        Assert.Equal(RelationshipStatus.Rejected, await chain.Reader.StatusOfAsync(patient.Address, provider.Address));

        // New pointers leave a rejected relationship rejected: only the patient changes their mind.
        await provider.PublishPointerAsync(
            patient.Address, ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32());
        Assert.Equal(RelationshipStatus.Rejected, await chain.Reader.StatusOfAsync(patient.Address, provider.Address));
    }

    [Fact]
    public async Task Only_the_patient_of_a_relationship_decides_on_it()
    {
        var (patient, provider, _) = await chain.NewRelationshipAsync();
        var otherPatient = await chain.NewPatientAsync();
        var unknown = await chain.NewAccountAsync();

        // The contract keys decisions by the caller, so anyone else finds no relationship to decide on.
        foreach (var caller in new[] { provider, otherPatient, unknown, chain.Root })
        {
            var refused = await Revert.ExpectAsync("RelationshipNotFound", () => caller.AcceptRelationshipAsync(provider.Address));
            Assert.Equal(caller.Address.Lower(), refused.Address("patient"));
            await Revert.ExpectAsync("RelationshipNotFound", () => caller.RejectRelationshipAsync(provider.Address));
        }

        Assert.Equal(RelationshipStatus.New, await chain.Reader.StatusOfAsync(patient.Address, provider.Address));
    }

    [Fact]
    public async Task Only_the_relationships_contract_reports_pointers_and_it_is_bound_once()
    {
        var (patient, provider, _) = await chain.NewRelationshipAsync();

        var forged = await Revert.ExpectAsync("NotRelationshipsContract", () => provider.SendAsync(Summary,
            new NotePointerPublishedFunction { Patient = patient.Address, Provider = provider.Address }));
        Assert.Equal(provider.Address.Lower(), forged.Address("caller"));

        Assert.Equal(chain.Deployment.Contracts.Relationships.Lower(),
            (await chain.Reader.QueryAsync<RelationshipsFunction, string>(Summary, new RelationshipsFunction())).Lower());
        await Revert.ExpectAsync("NotDeployer",
            () => provider.SendAsync(Summary, new BindRelationshipsFunction { Relationships = provider.Address }));
        await Revert.ExpectAsync("AlreadyBound",
            () => chain.Root.SendAsync(Summary, new BindRelationshipsFunction { Relationships = provider.Address }));
    }

    [Fact]
    public async Task A_patient_opts_in_and_out_of_research_and_nobody_else_can()
    {
        var patient = await chain.NewPatientAsync();
        Assert.False(await chain.Reader.ResearchConsentOfAsync(patient.Address));

        var optIn = Events.Single<ResearchConsentChangedEvent>(await patient.SetResearchConsentAsync(true), Summary);
        Assert.Equal(patient.Address.Lower(), optIn.Patient.Lower());
        Assert.True(optIn.Consent);
        Assert.True(await chain.Reader.ResearchConsentOfAsync(patient.Address));

        var optOut = Events.Single<ResearchConsentChangedEvent>(await patient.SetResearchConsentAsync(false), Summary);
        Assert.False(optOut.Consent);
        Assert.False(await chain.Reader.ResearchConsentOfAsync(patient.Address));

        var provider = await chain.NewProviderAsync();
        var unknown = await chain.NewAccountAsync();
        foreach (var caller in new[] { provider, unknown })
        {
            var refused = await Revert.ExpectAsync("NotPatient", () => caller.SetResearchConsentAsync(true));
            Assert.Equal(caller.Address.Lower(), refused.Address("caller"));
        }
    }
}
