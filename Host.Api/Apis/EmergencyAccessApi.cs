using MedRec.ChainIndexer.Chain;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Mirror;
using MedRec.Grains.Abstractions.Writes;
using MedRec.Host.Api.Contracts;
using MedRec.Host.Api.OpenApi;
using MedRec.Host.Api.Problems;
using MedRec.Host.Api.Signing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MedRec.Host.Api.Apis;

/// <summary>Break-the-glass (docs/adr/0011-break-the-glass.md): a provider opens emergency access with a justification
/// (the text and its salt are kept in the provider's own store, off chain, and only the salted commitment is sent); the
/// patient lists the windows opened on them and may close one early. Every route signed by its owner (ApiRequest).</summary>
public static class EmergencyAccessApi
{
    public const int MaxMinutes = 24 * 60;
    public const int MaxJustificationLength = 2000;

    public static IEndpointRouteBuilder MapEmergencyAccessApi(this IEndpointRouteBuilder routes)
    {
        var provider = routes.MapGroup("/api/providers/{provider}/emergency-access").WithTags("Emergency access")
            .WithMedRecProblems().RequireSignature(SignedRequestShape.ApiRequest);
        provider.MapPost("", Open).Accepts<EmergencyAccessRequest>("application/json")
            .WithName("OpenEmergencyAccess").WithSummary("Breaks the glass: opens time-limited access to a patient with a justification committed on chain (202 + operation).");

        var patient = routes.MapGroup("/api/patients/{patient}/emergency-access").WithTags("Emergency access")
            .WithMedRecProblems().RequireSignature(SignedRequestShape.ApiRequest);
        patient.MapGet("", List)
            .WithName("GetEmergencyAccess").WithSummary("Every emergency window opened on the patient (provider, justification commitment, opened, expires, closed).");
        patient.MapDelete("/{provider}", Close)
            .WithName("CloseEmergencyAccess").WithSummary("Closes a provider's open emergency window early (202 + operation).");
        return routes;
    }

    public static async Task<Accepted<OperationAccepted>> Open(
        string provider, HttpContext http, SignedRequestReader reader, IGrainFactory grains, Deployment deployment, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var owner = RouteIds.Address(provider, "provider");
        var (_, body) = await reader.ReadAsync<EmergencyAccessRequest>(http, owner, cancellationToken);
        var patient = RouteIds.Address(body.Patient, "patient");
        if (string.IsNullOrWhiteSpace(body.Justification) || body.Justification.Length > MaxJustificationLength)
            throw ApiProblemException.BadRequest(ProblemCodes.InvalidArgument, $"justification: 1..{MaxJustificationLength} characters.");
        if (body.Minutes is < 1 or > MaxMinutes)
            throw ApiProblemException.BadRequest(ProblemCodes.InvalidArgument, $"minutes: 1..{MaxMinutes} (the contract caps a window at 24 h).");
        RequireContract(deployment);
        await grains.RequireProviderAsync(owner);
        await grains.RequirePatientAsync(patient);

        // The provider's chain writer keeps text and salt in the provider's own store before it sends the commitment
        // (503 store-unavailable, nothing sent, for a provider without a store): see ADR 0011's amendment.
        var salt = IdentityCommitment.NewSalt();
        var commitment = "0x" + Convert.ToHexStringLower(IdentityCommitment.Create(body.Justification, salt));
        var transaction = await grains.ChainWriter(owner).OpenEmergencyAccessAsync(new EmergencyJustification(
            patient, commitment, "0x" + Convert.ToHexStringLower(salt), body.Justification, (ulong)body.Minutes * 60, time.GetUtcNow()));
        return Operations.Accepted(transaction);
    }

    public static async Task<Ok<EmergencyAccessView>> List(
        string patient, HttpContext http, SignedRequestReader reader, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var owner = RouteIds.Address(patient, "patient");
        await reader.ReadAsync(http, owner, cancellationToken);
        await grains.RequirePatientAsync(owner);
        return TypedResults.Ok(await grains.GetGrain<IEmergencyAccessGrain>(owner).GetAsync());
    }

    public static async Task<Accepted<OperationAccepted>> Close(
        string patient, string provider, HttpContext http, SignedRequestReader reader, IGrainFactory grains, Deployment deployment,
        CancellationToken cancellationToken)
    {
        var owner = RouteIds.Address(patient, "patient");
        var providerAddress = RouteIds.Address(provider, "provider");
        await reader.ReadAsync(http, owner, cancellationToken);
        RequireContract(deployment);
        await grains.RequirePatientAsync(owner);
        return Operations.Accepted(await grains.ChainWriter(owner).CloseEmergencyAccessAsync(providerAddress));
    }

    private static void RequireContract(Deployment deployment)
    {
        if (deployment.Contracts.EmergencyAccess is not { Length: > 0 })
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, ProblemCodes.EmergencyAccessUnavailable,
                "This deployment has no EmergencyAccess contract (deployed before break-the-glass); redeploy to use it.");
        }
    }
}
