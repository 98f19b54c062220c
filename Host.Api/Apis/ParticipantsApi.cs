using MedRec.Grains.Abstractions.Mirror;
using MedRec.Host.Api.Contracts;
using MedRec.Host.Api.OpenApi;
using MedRec.Host.Api.Problems;
using MedRec.Host.Api.Signing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MedRec.Host.Api.Apis;

/// <summary>Registrations (patients themselves; providers and researchers by a certifier) and the public directory.</summary>
public static class ParticipantsApi
{
    public static IEndpointRouteBuilder MapParticipantsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api").WithTags("Participants").WithMedRecProblems();
        api.MapPost("/patients", RegisterPatient).Accepts<RegisterPatientRequest>("application/json")
            .RequireSignature(SignedRequestShape.ApiRequest).WithName("RegisterPatient").WithSummary("Registers the signer as a patient (202 + operation).");
        api.MapPost("/providers", RegisterProvider).Accepts<RegisterProviderRequest>("application/json")
            .RequireSignature(SignedRequestShape.ApiRequest).WithName("RegisterProvider").WithSummary("A certifier registers a provider and its gatekeeper endpoint (202 + operation).");
        api.MapPost("/researchers", RegisterResearcher).Accepts<RegisterResearcherRequest>("application/json")
            .RequireSignature(SignedRequestShape.ApiRequest).WithName("RegisterResearcher").WithSummary("A certifier registers a researcher tied to its validator (202 + operation).");
        api.MapGet("/participants/{address}", GetParticipant)
            .WithName("GetParticipant").WithSummary("A participant's role and registration as mirrored (public directory).");
        return routes;
    }

    public static async Task<Accepted<OperationAccepted>> RegisterPatient(
        HttpContext http, SignedRequestReader reader, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var (signer, body) = await reader.ReadAsync<RegisterPatientRequest>(http, owner: null, cancellationToken);
        var commitment = RouteIds.Bytes32(body.IdentityCommitment, "identityCommitment");
        return Operations.Accepted(await grains.ChainWriter(signer).RegisterPatientAsync(commitment));
    }

    public static async Task<Accepted<OperationAccepted>> RegisterProvider(
        HttpContext http, SignedRequestReader reader, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var (signer, body) = await reader.ReadAsync<RegisterProviderRequest>(http, owner: null, cancellationToken);
        var provider = RouteIds.Address(body.Provider, "provider");
        var commitment = RouteIds.Bytes32(body.IdentityCommitment, "identityCommitment");
        if (string.IsNullOrWhiteSpace(body.Endpoint)) throw ApiProblemException.BadRequest(ProblemCodes.InvalidArgument, "endpoint is empty.");
        return Operations.Accepted(await grains.ChainWriter(signer).RegisterProviderAsync(provider, commitment, body.Endpoint));
    }

    public static async Task<Accepted<OperationAccepted>> RegisterResearcher(
        HttpContext http, SignedRequestReader reader, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var (signer, body) = await reader.ReadAsync<RegisterResearcherRequest>(http, owner: null, cancellationToken);
        var researcher = RouteIds.Address(body.Researcher, "researcher");
        var commitment = RouteIds.Bytes32(body.IdentityCommitment, "identityCommitment");
        var validator = RouteIds.Address(body.Validator, "validator");
        return Operations.Accepted(await grains.ChainWriter(signer).RegisterResearcherAsync(researcher, commitment, validator));
    }

    public static async Task<Ok<ParticipantInfo>> GetParticipant(string address, IGrainFactory grains)
    {
        var participant = RouteIds.Address(address, "address");
        var patient = await grains.GetGrain<IPatientGrain>(participant).GetAsync();
        if (patient.Registered)
        {
            return TypedResults.Ok(new ParticipantInfo(participant, "patient", true, patient.IdentityHash, null, false));
        }

        var provider = await grains.GetGrain<IProviderGrain>(participant).GetAsync();
        return provider.Registered
            ? TypedResults.Ok(new ParticipantInfo(participant, "provider", true, provider.IdentityHash, provider.Endpoint, provider.Revoked))
            : throw ApiProblemException.NotFound(ProblemCodes.ParticipantUnknown, $"The mirror knows no patient or provider {participant}.");
    }
}
