using MedRec.Grains.Abstractions.Chain;
using MedRec.Grains.Abstractions.Mirror;
using MedRec.Host.Api.Contracts;
using MedRec.Host.Api.OpenApi;
using MedRec.Host.Api.Problems;
using MedRec.Host.Api.Signing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MedRec.Host.Api.Apis;

/// <summary>What a provider does: add records (store + pointer publication) and look at one relationship. Signed by
/// the provider (ApiRequest).</summary>
public static class ProvidersApi
{
    public static IEndpointRouteBuilder MapProvidersApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/providers/{provider}").WithTags("Providers").WithMedRecProblems().RequireSignature(SignedRequestShape.ApiRequest);
        api.MapPost("/records", AddRecords).Accepts<ProviderRecordsRequest>("application/json")
            .WithName("AddProviderRecords").WithSummary("Stores FHIR resources about a patient and publishes their pointers (202 + operation).");
        api.MapGet("/patients/{patient}", GetRelationship)
            .WithName("GetProviderRelationship").WithSummary("The relationship with one patient as mirrored (status, pointers, grants).");
        return routes;
    }

    public static async Task<Accepted<OperationAccepted>> AddRecords(
        string provider, HttpContext http, SignedRequestReader reader, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var owner = RouteIds.Address(provider, "provider");
        var (_, body) = await reader.ReadAsync<ProviderRecordsRequest>(http, owner, cancellationToken);
        var patient = RouteIds.Address(body.Patient, "patient");
        var resources = FhirResources.Parse(body.Resources, patientReported: false);
        await grains.RequireProviderAsync(owner);
        await grains.RequirePatientAsync(patient);
        var publication = await grains.ChainWriter(owner).AddRecordsAsync(patient, resources);
        return Operations.Accepted(publication.TransactionHash, publication.Pointers);
    }

    public static async Task<Ok<RelationshipView>> GetRelationship(
        string provider, string patient, HttpContext http, SignedRequestReader reader, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var owner = RouteIds.Address(provider, "provider");
        var patientAddress = RouteIds.Address(patient, "patient");
        await reader.ReadAsync(http, owner, cancellationToken);
        await grains.RequireProviderAsync(owner);
        var view = await grains.Relationship(patientAddress, owner).GetAsync();
        return view.Status == RelationshipStatus.None && view.Pointers.Count == 0
            ? throw ApiProblemException.NotFound(ProblemCodes.PatientUnknown, $"The mirror knows no relationship of {owner} with {patientAddress}.")
            : TypedResults.Ok(view);
    }
}
