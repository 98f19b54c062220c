using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Access;
using MedRec.Grains.Records;
using MedRec.Grains.Signing;
using MedRec.Host.Api.Contracts;
using MedRec.Host.Api.OpenApi;
using MedRec.Host.Api.Problems;
using MedRec.Host.Api.Signing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MedRec.Host.Api.Apis;

/// <summary>
/// Record reads, signed as the gatekeeper's <see cref="AccessRequest"/> (docs/adr/0004-http-api.md). The API builds the
/// request from the route and the headers and hands it unverified to the gatekeepers, which verify it, spend its
/// nonce and audit: the API cannot forge or skip a read check. A denial becomes 401 (signature, expiry, replay),
/// 404 (unknown pointer) or 403 access-denied with the gatekeeper's reason.
/// </summary>
public static class RecordsApi
{
    private static readonly HashSet<string> UnauthenticatedReasons =
    [
        AccessRequestRejectionCodes.SignatureMalformed, AccessRequestRejectionCodes.SignatureMismatch,
        AccessRequestRejectionCodes.RequestExpired, AccessRequestRejectionCodes.RequestExpiryTooFar,
        AccessRequestRejectionCodes.RequestMalformed, AccessDenials.Replayed,
    ];

    public static IEndpointRouteBuilder MapRecordsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/patients/{patient}").WithTags("Records").WithMedRecProblems().RequireSignature(SignedRequestShape.AccessRequest);
        api.MapGet("/providers/{provider}/pointers/{pointerId}", ReadPointer)
            .WithName("ReadPointer").WithSummary("One pointer's records (FHIR bundle) with the integrity verdict against the chain.");
        api.MapGet("/providers/{provider}/records", ReadProviderRecords)
            .WithName("ReadProviderRecords").WithSummary("Every pointer at one provider the asker may see.");
        api.MapGet("/history", ReadHistory)
            .WithName("ReadHistory").WithSummary("The whole history: every provider in the summary, in parallel, with a deadline.");
        api.MapGet("/audit", ReadAudit)
            .WithName("ReadAudit").WithSummary("The patient's audit trail across providers (the patient only).");
        return routes;
    }

    public static async Task<Ok<GatekeeperAnswer>> ReadPointer(string patient, string provider, string pointerId, HttpContext http, IGrainFactory grains)
    {
        var patientAddress = RouteIds.Address(patient, "patient");
        var providerAddress = RouteIds.Address(provider, "provider");
        var pointer = RouteIds.Bytes32(pointerId, "pointerId");
        var headers = SignedHeaders.Read(http.Request);
        var answer = await grains.GetGrain<IGatekeeperGrain>(providerAddress)
            .ReadAsync(headers.ToAccessRequest(patientAddress, providerAddress, pointer, AccessAction.Read));
        await ThrowIfRefusedAsync(grains, patientAddress, providerAddress, answer.Outcome, answer.Reason);
        return TypedResults.Ok(answer);
    }

    public static async Task<Ok<GatekeeperAnswer>> ReadProviderRecords(string patient, string provider, HttpContext http, IGrainFactory grains)
    {
        var patientAddress = RouteIds.Address(patient, "patient");
        var providerAddress = RouteIds.Address(provider, "provider");
        var headers = SignedHeaders.Read(http.Request);
        var answer = await grains.GetGrain<IGatekeeperGrain>(providerAddress)
            .ReadAsync(headers.ToAccessRequest(patientAddress, providerAddress, AccessRequest.ZeroPointer, AccessAction.Read));
        await ThrowIfRefusedAsync(grains, patientAddress, providerAddress, answer.Outcome, answer.Reason);
        return TypedResults.Ok(answer);
    }

    public static async Task<Ok<HistoryAnswer>> ReadHistory(string patient, HttpContext http, IGrainFactory grains, AccessRequestVerifier verifier)
    {
        var patientAddress = RouteIds.Address(patient, "patient");
        var signed = SignedHeaders.Read(http.Request)
            .ToAccessRequest(patientAddress, AccessRequest.ZeroAddress, AccessRequest.ZeroPointer, AccessAction.Read);
        await grains.RequirePatientAsync(patientAddress);
        // Every gatekeeper verifies the request, spends its nonce and audits its decision, a refusal included; a bad
        // signature is then answered as one 401 instead of a denial per provider.
        var answer = await grains.GetGrain<IHistoryGrain>(0).ReadHistoryAsync(signed);
        Verify(verifier, signed);
        return TypedResults.Ok(answer);
    }

    public static async Task<Ok<AuditAnswer>> ReadAudit(string patient, int? limit, HttpContext http, IGrainFactory grains, AccessRequestVerifier verifier)
    {
        var patientAddress = RouteIds.Address(patient, "patient");
        var signed = SignedHeaders.Read(http.Request)
            .ToAccessRequest(patientAddress, AccessRequest.ZeroAddress, AccessRequest.ZeroPointer, AccessAction.ReadAudit);
        var view = await grains.RequirePatientAsync(patientAddress);
        // As for the history: the gatekeepers decide and audit first (a stranger's or a forged request is refused by
        // each and left in its audit), then a bad signature is one 401 and a signer other than the patient one 403.
        var trails = await Task.WhenAll(view.Relationships.Select(r => r.Counterparty).Distinct()
            .Select(provider => grains.GetGrain<IGatekeeperGrain>(provider).ReadAuditAsync(signed, Math.Clamp(limit ?? 100, 1, 1000))));
        Verify(verifier, signed);
        if (signed.Request.Asker != patientAddress)
        {
            throw new ApiProblemException(StatusCodes.Status403Forbidden, ProblemCodes.WrongSigner, "Only the patient reads the patient's audit trail.");
        }

        var denied = trails.FirstOrDefault(t => t.Outcome == ProviderOutcome.Denied && UnauthenticatedReasons.Contains(t.Reason ?? ""));
        if (denied is not null) throw SignedHeaders.Unauthorized(denied.Reason!, $"The gatekeeper of {denied.Provider} refused the request: {denied.Reason}.");
        var entries = trails.SelectMany(t => t.Entries).OrderByDescending(e => e.Time).ToList();
        return TypedResults.Ok(new AuditAnswer(patientAddress,
            trails.Select(t => new AuditTrailOutcome(t.Provider, t.Outcome, t.Reason, t.Entries.Count)).ToList(), entries,
            FhirBundles.SearchSet(entries.Select(e => FhirJson.Serialize(AuditEvents.ToFhir(e))).ToList())));
    }

    private static void Verify(AccessRequestVerifier verifier, SignedAccessRequest signed)
    {
        try
        {
            verifier.Verify(signed);
        }
        catch (AccessRequestRejectedException rejected)
        {
            throw SignedHeaders.Unauthorized(rejected.Code, rejected.Message);
        }
    }

    /// <summary>Maps a gatekeeper's refusal to its HTTP answer; an unknown patient or provider is a 404 rather than a
    /// denial (looked up only once the gatekeeper refused, so a granted read costs no extra grain call).</summary>
    private static async Task ThrowIfRefusedAsync(IGrainFactory grains, string patient, string provider, ProviderOutcome outcome, string? reason)
    {
        switch (outcome)
        {
            case ProviderOutcome.Ok or ProviderOutcome.IntegrityFailed:
                return;
            case ProviderOutcome.TimedOut:
                throw new ApiProblemException(StatusCodes.Status504GatewayTimeout, ProblemCodes.DeadlineExceeded, $"The gatekeeper of {provider} did not answer in time.");
            case ProviderOutcome.Unavailable:
                await grains.RequireProviderAsync(provider);
                throw new ApiProblemException(StatusCodes.Status503ServiceUnavailable, ProblemCodes.StoreUnavailable, $"The store of {provider} could not be reached.");
        }

        if (UnauthenticatedReasons.Contains(reason ?? "")) throw SignedHeaders.Unauthorized(reason!, $"The gatekeeper refused the request: {reason}.");
        await grains.RequireProviderAsync(provider);
        await grains.RequirePatientAsync(patient);
        if (reason == AccessDenials.PointerUnknown) throw ApiProblemException.NotFound(ProblemCodes.PointerUnknown, "The mirror knows no such pointer of this patient at this provider.");
        throw new ApiProblemException(StatusCodes.Status403Forbidden, ProblemCodes.AccessDenied, $"The gatekeeper denied the read: {reason}.",
            new Dictionary<string, object?> { ["reason"] = reason });
    }
}
