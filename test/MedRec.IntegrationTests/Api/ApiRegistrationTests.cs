using System.Net;
using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Contracts.Relationships;
using Nethereum.RPC.Eth.DTOs;
using System.Security.Cryptography;
using MedRec.Host.Api.Client;
using MedRec.Host.Api.Contracts;
using MedRec.Host.Api.Problems;

namespace MedRec.IntegrationTests.Api;

/// <summary>Registrations and research consent over HTTP, and the public directory and deployment.</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiRegistrationTests(ApiFixture world)
{
    private static string NewCommitment() => "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public async Task The_deployment_names_the_chain_and_the_contract_clients_sign_for()
    {
        var deployment = await world.Certifier.Api.GetDeploymentAsync();

        Assert.Equal(world.Chain.Deployment.ChainId, deployment.ChainId);
        Assert.Equal(world.Chain.Deployment.Contracts.Relationships.ToLowerInvariant(), deployment.Relationships);
        Assert.Equal(world.Chain.Deployment.Contracts.Registrar.ToLowerInvariant(), deployment.Registrar);
    }

    [Fact]
    public async Task A_patient_registers_itself_and_the_directory_shows_it_once_applied()
    {
        var patient = await world.NewParticipantAsync();
        var commitment = NewCommitment();

        var accepted = await patient.Api.RegisterPatientAsync(commitment);
        var applied = await patient.Api.WaitForAppliedAsync(accepted);

        Assert.NotNull(applied.Block);
        var participant = await patient.Api.GetParticipantAsync(patient.Address);
        Assert.Equal(("patient", true, commitment), (participant.Role, participant.Registered, participant.IdentityHash));
    }

    [Fact]
    public async Task A_certifier_registers_a_provider_and_a_researcher_and_a_non_certifier_is_refused_by_the_contract()
    {
        var provider = await world.NewParticipantAsync(custody: false);
        var accepted = await world.Certifier.Api.RegisterProviderAsync(provider.Address, NewCommitment(), "https://new-clinic.example.org/fhir");
        await world.Certifier.Api.WaitForAppliedAsync(accepted);
        var registered = await provider.Api.GetParticipantAsync(provider.Address);
        Assert.Equal(("provider", "https://new-clinic.example.org/fhir", false), (registered.Role, registered.Endpoint, registered.Revoked));

        var researcher = await world.NewParticipantAsync(custody: false);
        var validator = await world.NewParticipantAsync(custody: false);
        var research = await world.Certifier.Api.RegisterResearcherAsync(researcher.Address, NewCommitment(), validator.Address);
        Assert.Equal(OperationStatuses.Applied, (await world.Certifier.Api.WaitForAppliedAsync(research)).Status);

        var patient = await world.NewPatientAsync();
        var rogue = await world.NewParticipantAsync(custody: false);
        var before = await world.BlockNumberAsync();
        var refused = await Assert.ThrowsAsync<MedRecApiException>(() =>
            patient.Api.RegisterProviderAsync(rogue.Address, NewCommitment(), "https://rogue.example.org"));
        Assert.Equal((HttpStatusCode.Conflict, ProblemCodes.ChainRevert, "NotCertifier"), (refused.Status, refused.Code, refused.Reason));
        Assert.Equal(before, await world.BlockNumberAsync());
    }

    [Fact]
    public async Task A_patient_opts_in_and_out_of_research()
    {
        var patient = await world.NewPatientAsync();

        await patient.Api.WaitForAppliedAsync(await patient.Api.SetResearchConsentAsync(true));
        Assert.True((await patient.Api.GetSummaryAsync()).ResearchConsent);

        await patient.Api.WaitForAppliedAsync(await patient.Api.SetResearchConsentAsync(false));
        Assert.False((await patient.Api.GetSummaryAsync()).ResearchConsent);
    }

    [Fact]
    public async Task An_operation_is_reported_pending_mined_or_applied_and_never_goes_back()
    {
        var patient = await world.NewParticipantAsync();
        var accepted = await patient.Api.RegisterPatientAsync(NewCommitment());
        Assert.StartsWith("0x", accepted.OperationId);

        var order = new[] { OperationStatuses.Pending, OperationStatuses.Mined, OperationStatuses.Applied };
        var seen = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (seen.LastOrDefault() != OperationStatuses.Applied)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the operation was not applied within 30 s (seen: {string.Join(", ", seen)})");
            seen.Add((await patient.Api.GetOperationAsync(accepted.OperationId)).Status);
        }

        Assert.Equal(seen.OrderBy(s => Array.IndexOf(order, s)), seen);
    }

    [Fact]
    public async Task A_transaction_that_reverts_on_chain_is_reported_failed_with_its_custom_error()
    {
        // Sent straight to the chain without estimation (as a wallet could), so it is mined and reverts.
        var patient = await world.NewPatientAsync();
        var viewer = await world.NewPatientAsync();
        var client = new ParticipantClient(world.Chain.Node.RpcUrl, world.Chain.Node.ChainId, patient.Key, world.Chain.Deployment.Contracts);
        var nonce = await client.Web3.Eth.Transactions.GetTransactionCount.SendRequestAsync(patient.Address, BlockParameter.CreatePending());
        var hash = await client.SubmitAsync(world.Chain.Deployment.Contracts.Relationships,
            new RevokeAccessFunction { Provider = world.Providers[0].Address, PointerId = RandomNumberGenerator.GetBytes(32), Viewer = viewer.Address },
            nonce.Value, 200_000);

        var failure = await Assert.ThrowsAsync<MedRecOperationFailedException>(() => patient.Api.WaitForAppliedAsync(hash));

        Assert.Equal((OperationStatuses.Failed, "GrantNotFound"), (failure.Status.Status, failure.Status.Error));
        Assert.NotNull(failure.Status.Block);
    }
}
