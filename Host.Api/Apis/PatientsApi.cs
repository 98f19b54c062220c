using MedRec.Grains.Abstractions.Mirror;
using MedRec.Host.Api.Contracts;
using MedRec.Host.Api.OpenApi;
using MedRec.Host.Api.Problems;
using MedRec.Host.Api.Signing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace MedRec.Host.Api.Apis;

/// <summary>What a patient does: summary, relationships, grants, research consent, patient-reported records. Every
/// route is signed by the patient (ApiRequest).</summary>
public static class PatientsApi
{
    public static IEndpointRouteBuilder MapPatientsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/patients/{patient}").WithTags("Patients").WithMedRecProblems().RequireSignature(SignedRequestShape.ApiRequest);
        api.MapGet("/summary", GetSummary)
            .WithName("GetPatientSummary").WithSummary("Relationships with status, pointers and grants, and research consent.");
        api.MapPost("/relationships/{provider}/accept", AcceptRelationship)
            .WithName("AcceptRelationship").WithSummary("Accepts the relationship with a provider (202 + operation).");
        api.MapPost("/relationships/{provider}/reject", RejectRelationship)
            .WithName("RejectRelationship").WithSummary("Rejects the relationship with a provider (202 + operation).");
        api.MapGet("/grants", GetGrants)
            .WithName("GetGrants").WithSummary("The patient's current (unexpired) grants.");
        api.MapPost("/grants", Grant).Accepts<GrantRequest>("application/json")
            .WithName("Grant").WithSummary("Grants a viewer one pointer until an expiry, for some or all purposes of use (202 + operation).");
        api.MapDelete("/grants/{provider}/{pointerId}/{viewer}", Revoke)
            .WithName("Revoke").WithSummary("Revokes a viewer's grant of one pointer (202 + operation).");
        api.MapPut("/research-consent", SetResearchConsent).Accepts<ResearchConsentRequest>("application/json")
            .WithName("SetResearchConsent").WithSummary("Opts in or out of research (202 + operation).");
        api.MapPost("/records", AddPatientRecords).Accepts<PatientRecordsRequest>("application/json")
            .WithName("AddPatientRecords").WithSummary("Stores patient-reported FHIR resources at the patient-records provider and publishes their pointers (202 + operation).");
        return routes;
    }

    public static async Task<Ok<PatientSummary>> GetSummary(
        string patient, HttpContext http, SignedRequestReader reader, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var owner = RouteIds.Address(patient, "patient");
        await reader.ReadAsync(http, owner, cancellationToken);
        var view = await grains.RequirePatientAsync(owner);
        var relationships = await Task.WhenAll(view.Relationships.Select(r => grains.Relationship(owner, r.Counterparty).GetAsync()));
        return TypedResults.Ok(new PatientSummary(owner, view.Registered, view.ResearchConsent, relationships));
    }

    public static Task<Accepted<OperationAccepted>> AcceptRelationship(
        string patient, string provider, HttpContext http, SignedRequestReader reader, IGrainFactory grains, CancellationToken cancellationToken) =>
        ChangeRelationshipAsync(patient, provider, accept: true, http, reader, grains, cancellationToken);

    public static Task<Accepted<OperationAccepted>> RejectRelationship(
        string patient, string provider, HttpContext http, SignedRequestReader reader, IGrainFactory grains, CancellationToken cancellationToken) =>
        ChangeRelationshipAsync(patient, provider, accept: false, http, reader, grains, cancellationToken);

    public static async Task<Ok<IReadOnlyList<GrantInfo>>> GetGrants(
        string patient, HttpContext http, SignedRequestReader reader, IGrainFactory grains, TimeProvider time, CancellationToken cancellationToken)
    {
        var owner = RouteIds.Address(patient, "patient");
        await reader.ReadAsync(http, owner, cancellationToken);
        var view = await grains.RequirePatientAsync(owner);
        var now = (ulong)Math.Max(0, time.GetUtcNow().ToUnixTimeSeconds());
        var relationships = await Task.WhenAll(view.Relationships.Select(r => grains.Relationship(owner, r.Counterparty).GetAsync()));
        IReadOnlyList<GrantInfo> grants = relationships
            .SelectMany(r => r.Grants.Where(g => g.ExpiresAt > now).Select(g => new GrantInfo(r.Provider, g.PointerId, g.Viewer, g.ExpiresAt, g.Purposes)))
            .ToList();
        return TypedResults.Ok(grants);
    }

    public static async Task<Accepted<OperationAccepted>> Grant(
        string patient, HttpContext http, SignedRequestReader reader, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var owner = RouteIds.Address(patient, "patient");
        var (_, body) = await reader.ReadAsync<GrantRequest>(http, owner, cancellationToken);
        var viewer = RouteIds.Address(body.Viewer, "viewer");
        var provider = RouteIds.Address(body.Provider, "provider");
        var pointerId = RouteIds.Bytes32(body.PointerId, "pointerId");
        var purposes = RouteIds.PurposeSet(body.Purposes, "purposes");
        await grains.RequirePatientAsync(owner);
        await grains.RequireProviderAsync(provider);
        return Operations.Accepted(await grains.ChainWriter(owner).GrantAsync(provider, pointerId, viewer, body.ExpiresAt, purposes));
    }

    public static async Task<Accepted<OperationAccepted>> Revoke(
        string patient, string provider, string pointerId, string viewer,
        HttpContext http, SignedRequestReader reader, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var owner = RouteIds.Address(patient, "patient");
        var providerAddress = RouteIds.Address(provider, "provider");
        var pointer = RouteIds.Bytes32(pointerId, "pointerId");
        var viewerAddress = RouteIds.Address(viewer, "viewer");
        await reader.ReadAsync(http, owner, cancellationToken);
        await grains.RequirePatientAsync(owner);
        await grains.RequireProviderAsync(providerAddress);
        return Operations.Accepted(await grains.ChainWriter(owner).RevokeAsync(providerAddress, pointer, viewerAddress));
    }

    public static async Task<Accepted<OperationAccepted>> SetResearchConsent(
        string patient, HttpContext http, SignedRequestReader reader, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var owner = RouteIds.Address(patient, "patient");
        var (_, body) = await reader.ReadAsync<ResearchConsentRequest>(http, owner, cancellationToken);
        await grains.RequirePatientAsync(owner);
        return Operations.Accepted(await grains.ChainWriter(owner).SetResearchConsentAsync(body.Consent));
    }

    public static async Task<Accepted<OperationAccepted>> AddPatientRecords(
        string patient, HttpContext http, SignedRequestReader reader, IGrainFactory grains, IOptions<PatientRecordsOptions> options,
        CancellationToken cancellationToken)
    {
        var owner = RouteIds.Address(patient, "patient");
        var (_, body) = await reader.ReadAsync<PatientRecordsRequest>(http, owner, cancellationToken);
        var resources = FhirResources.Parse(body.Resources, patientReported: true);
        var provider = options.Value.Provider is { Length: > 0 } configured
            ? configured.ToLowerInvariant()
            : throw ApiProblemException.NotFound(ProblemCodes.PatientRecordsDisabled,
                $"No provider keeps patient-reported records here ({PatientRecordsOptions.Section}:Provider is not set).");
        await grains.RequirePatientAsync(owner);
        var publication = await grains.ChainWriter(provider).AddRecordsAsync(owner, resources);
        return Operations.Accepted(publication.TransactionHash, publication.Pointers);
    }

    private static async Task<Accepted<OperationAccepted>> ChangeRelationshipAsync(
        string patient, string provider, bool accept, HttpContext http, SignedRequestReader reader, IGrainFactory grains,
        CancellationToken cancellationToken)
    {
        var owner = RouteIds.Address(patient, "patient");
        var providerAddress = RouteIds.Address(provider, "provider");
        await reader.ReadAsync(http, owner, cancellationToken);
        await grains.RequirePatientAsync(owner);
        await grains.RequireProviderAsync(providerAddress);
        var writer = grains.ChainWriter(owner);
        return Operations.Accepted(accept ? await writer.AcceptRelationshipAsync(providerAddress) : await writer.RejectRelationshipAsync(providerAddress));
    }
}
