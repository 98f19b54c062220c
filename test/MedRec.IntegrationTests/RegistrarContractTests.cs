using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Contracts.Registrar;
using MedRec.Grains.Abstractions.Chain;

namespace MedRec.IntegrationTests;

[Collection(ChainCollection.Name)]
public sealed class RegistrarContractTests(ChainFixture chain)
{
    private string Registrar => chain.Deployment.Contracts.Registrar;

    [Fact]
    public async Task Deployer_is_the_root_certifying_authority()
    {
        Assert.Equal(ParticipantRole.Certifier, await chain.Reader.RoleOfAsync(chain.Root.Address));
        Assert.Equal(chain.Root.Address.Lower(),
            (await chain.Reader.QueryAsync<RootCertifierFunction, string>(Registrar, new RootCertifierFunction())).Lower());
        Assert.Equal(chain.RootIdentity, await chain.Reader.IdentityOfAsync(chain.Root.Address));

        var added = Events.Single<CertifierAddedEvent>(chain.RegistrarDeploymentReceipt!, Registrar);
        Assert.Equal(chain.Root.Address.Lower(), added.Certifier.Lower());
        Assert.Equal(chain.Root.Address.Lower(), added.AddedBy.Lower());
        Assert.Equal(chain.RootIdentity, added.IdentityHash);
    }

    [Fact]
    public async Task A_patient_registers_themself_with_a_salted_identity()
    {
        var patient = await chain.NewAccountAsync();
        var identity = IdentityCommitment.Create("Jane Roe|1980-02-03|MRN-1", IdentityCommitment.NewSalt());

        var receipt = await patient.RegisterPatientAsync(identity);

        var registered = Events.Single<PatientRegisteredEvent>(receipt, Registrar);
        Assert.Equal(patient.Address.Lower(), registered.Patient.Lower());
        Assert.Equal(identity, registered.IdentityHash);
        Assert.Equal(ParticipantRole.Patient, await chain.Reader.RoleOfAsync(patient.Address));
        Assert.Equal(identity, await chain.Reader.IdentityOfAsync(patient.Address));
    }

    [Fact]
    public async Task Duplicate_and_empty_registrations_are_refused()
    {
        var patient = await chain.NewPatientAsync();

        var duplicate = await Revert.ExpectAsync("AlreadyRegistered",
            () => patient.RegisterPatientAsync(ChainFixture.RandomBytes32()));
        Assert.Equal(patient.Address.Lower(), duplicate.Address("account"));

        var fresh = await chain.NewAccountAsync();
        await Revert.ExpectAsync("EmptyIdentity", () => fresh.RegisterPatientAsync(new byte[32]));
        Assert.Equal(ParticipantRole.None, await chain.Reader.RoleOfAsync(fresh.Address));

        // A patient's address cannot be registered again as a provider, nor a provider's as a patient.
        await Revert.ExpectAsync("AlreadyRegistered",
            () => chain.Root.RegisterProviderAsync(patient.Address, ChainFixture.RandomBytes32(), "https://a.example"));
        var provider = await chain.NewProviderAsync();
        await Revert.ExpectAsync("AlreadyRegistered", () => provider.RegisterPatientAsync(ChainFixture.RandomBytes32()));
        await Revert.ExpectAsync("AlreadyRegistered",
            () => chain.Root.RegisterProviderAsync(provider.Address, ChainFixture.RandomBytes32(), "https://b.example"));
    }

    [Fact]
    public async Task A_certifier_registers_a_provider_with_its_endpoint()
    {
        var provider = await chain.NewAccountAsync();
        var identity = ChainFixture.RandomBytes32();

        var receipt = await chain.Root.RegisterProviderAsync(provider.Address, identity, "https://clinic.example/fhir");

        var registered = Events.Single<ProviderRegisteredEvent>(receipt, Registrar);
        Assert.Equal(provider.Address.Lower(), registered.Provider.Lower());
        Assert.Equal(identity, registered.IdentityHash);
        Assert.Equal("https://clinic.example/fhir", registered.Endpoint);
        Assert.Equal(chain.Root.Address.Lower(), registered.Certifier.Lower());
        Assert.Equal(ParticipantRole.Provider, await chain.Reader.RoleOfAsync(provider.Address));
        Assert.Equal("https://clinic.example/fhir", await chain.Reader.EndpointOfAsync(provider.Address));
        Assert.True(await chain.Reader.IsActiveProviderAsync(provider.Address));
    }

    [Fact]
    public async Task Only_certifiers_register_providers_and_researchers()
    {
        var patient = await chain.NewPatientAsync();
        var provider = await chain.NewProviderAsync();
        var unknown = await chain.NewAccountAsync();
        var candidate = await chain.NewAccountAsync();

        foreach (var caller in new[] { patient, provider, unknown })
        {
            var refused = await Revert.ExpectAsync("NotCertifier",
                () => caller.RegisterProviderAsync(candidate.Address, ChainFixture.RandomBytes32(), "https://x.example"));
            Assert.Equal(caller.Address.Lower(), refused.Address("caller"));
            await Revert.ExpectAsync("NotCertifier",
                () => caller.RegisterResearcherAsync(candidate.Address, ChainFixture.RandomBytes32(), unknown.Address));
        }

        Assert.Equal(ParticipantRole.None, await chain.Reader.RoleOfAsync(candidate.Address));
        await Revert.ExpectAsync("EmptyEndpoint",
            () => chain.Root.RegisterProviderAsync(candidate.Address, ChainFixture.RandomBytes32(), ""));
        await Revert.ExpectAsync("ZeroAddress",
            () => chain.Root.RegisterProviderAsync("0x0000000000000000000000000000000000000000", ChainFixture.RandomBytes32(), "https://x.example"));
    }

    [Fact]
    public async Task The_root_adds_certifiers_who_can_then_register_providers()
    {
        var certifier = await chain.NewAccountAsync();
        var identity = ChainFixture.RandomBytes32();
        var receipt = await chain.Root.AddCertifierAsync(certifier.Address, identity);

        var added = Events.Single<CertifierAddedEvent>(receipt, Registrar);
        Assert.Equal(certifier.Address.Lower(), added.Certifier.Lower());
        Assert.Equal(chain.Root.Address.Lower(), added.AddedBy.Lower());
        Assert.Equal(identity, added.IdentityHash);
        Assert.Equal(ParticipantRole.Certifier, await chain.Reader.RoleOfAsync(certifier.Address));

        var provider = await chain.NewAccountAsync();
        var registered = await certifier.RegisterProviderAsync(provider.Address, ChainFixture.RandomBytes32(), "https://p.example");
        Assert.Equal(certifier.Address.Lower(), Events.Single<ProviderRegisteredEvent>(registered, Registrar).Certifier.Lower());

        var other = await chain.NewAccountAsync();
        var refused = await Revert.ExpectAsync("NotRootCertifier",
            () => certifier.AddCertifierAsync(other.Address, ChainFixture.RandomBytes32()));
        Assert.Equal(certifier.Address.Lower(), refused.Address("caller"));
    }

    [Fact]
    public async Task A_provider_moves_its_endpoint_and_nobody_else_can()
    {
        var provider = await chain.NewProviderAsync();

        var receipt = await provider.SetProviderEndpointAsync("https://new.example/fhir");

        var changed = Events.Single<ProviderEndpointChangedEvent>(receipt, Registrar);
        Assert.Equal(provider.Address.Lower(), changed.Provider.Lower());
        Assert.Equal("https://new.example/fhir", changed.Endpoint);
        Assert.Equal("https://new.example/fhir", await chain.Reader.EndpointOfAsync(provider.Address));

        var patient = await chain.NewPatientAsync();
        await Revert.ExpectAsync("NotActiveProvider", () => patient.SetProviderEndpointAsync("https://evil.example"));
        await Revert.ExpectAsync("EmptyEndpoint", () => provider.SetProviderEndpointAsync(""));
    }

    [Fact]
    public async Task A_certifier_revokes_a_provider()
    {
        var provider = await chain.NewProviderAsync();
        var patient = await chain.NewPatientAsync();

        await Revert.ExpectAsync("NotCertifier", () => patient.RevokeProviderAsync(provider.Address));
        var receipt = await chain.Root.RevokeProviderAsync(provider.Address);

        var revoked = Events.Single<ProviderRevokedEvent>(receipt, Registrar);
        Assert.Equal(provider.Address.Lower(), revoked.Provider.Lower());
        Assert.Equal(chain.Root.Address.Lower(), revoked.Certifier.Lower());
        Assert.True(await chain.Reader.IsRevokedAsync(provider.Address));
        Assert.False(await chain.Reader.IsActiveProviderAsync(provider.Address));
        Assert.Equal(ParticipantRole.Provider, await chain.Reader.RoleOfAsync(provider.Address));

        await Revert.ExpectAsync("NotActiveProvider", () => chain.Root.RevokeProviderAsync(provider.Address));
        await Revert.ExpectAsync("NotActiveProvider", () => chain.Root.RevokeProviderAsync(patient.Address));
        await Revert.ExpectAsync("NotActiveProvider", () => provider.SetProviderEndpointAsync("https://still.example"));
    }

    [Fact]
    public async Task A_certifier_registers_a_researcher_tied_to_a_validator()
    {
        var researcher = await chain.NewAccountAsync();
        var validator = await chain.NewAccountAsync();
        var identity = ChainFixture.RandomBytes32();

        var receipt = await chain.Root.RegisterResearcherAsync(researcher.Address, identity, validator.Address);

        var registered = Events.Single<ResearcherRegisteredEvent>(receipt, Registrar);
        Assert.Equal(researcher.Address.Lower(), registered.Researcher.Lower());
        Assert.Equal(validator.Address.Lower(), registered.Validator.Lower());
        Assert.Equal(chain.Root.Address.Lower(), registered.Certifier.Lower());
        Assert.Equal(identity, registered.IdentityHash);
        Assert.Equal(ParticipantRole.Researcher, await chain.Reader.RoleOfAsync(researcher.Address));
        Assert.Equal(validator.Address.Lower(), (await chain.Reader.ValidatorOfAsync(researcher.Address)).Lower());

        var other = await chain.NewAccountAsync();
        await Revert.ExpectAsync("ZeroAddress", () => chain.Root.RegisterResearcherAsync(
            other.Address, ChainFixture.RandomBytes32(), "0x0000000000000000000000000000000000000000"));
        await Revert.ExpectAsync("AlreadyRegistered", () => chain.Root.RegisterResearcherAsync(
            researcher.Address, ChainFixture.RandomBytes32(), validator.Address));
    }

    [Fact]
    public async Task Relationship_standing_reports_patient_and_provider_together()
    {
        var patient = await chain.NewPatientAsync();
        var provider = await chain.NewProviderAsync();
        var unknown = await chain.NewAccountAsync();

        var standing = await chain.Reader.RelationshipStandingAsync(patient.Address, provider.Address);
        Assert.True(standing.PatientRegistered);
        Assert.True(standing.ProviderActive);

        var swapped = await chain.Reader.RelationshipStandingAsync(provider.Address, unknown.Address);
        Assert.False(swapped.PatientRegistered);
        Assert.False(swapped.ProviderActive);
    }
}
