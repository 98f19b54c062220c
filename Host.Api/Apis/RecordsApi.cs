using MedRec.ChainIndexer.Chain;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Chain;
using MedRec.Grains.Abstractions.Mirror;
using MedRec.Grains.Access;
using MedRec.Grains.Records;
using MedRec.Grains.Signing;
using MedRec.Host.Api.Contracts;
using MedRec.Host.Api.OpenApi;
using MedRec.Host.Api.Problems;
using MedRec.Host.Api.Signing;
using Microsoft.AspNetCore.Http.HttpResults;
using Nethereum.Web3;

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
        api.MapGet("/access-view", ReadAccessView)
            .WithName("ReadAccessView").WithSummary("Who could read what about the patient at time `at`, and who did (the patient only; signed as read-audit).");
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
        await ThrowIfRefusedAsync(grains, patientAddress, providerAddress, answer.Outcome, answer.Reason, answer.Receipt);
        return TypedResults.Ok(answer);
    }

    public static async Task<Ok<GatekeeperAnswer>> ReadProviderRecords(string patient, string provider, HttpContext http, IGrainFactory grains)
    {
        var patientAddress = RouteIds.Address(patient, "patient");
        var providerAddress = RouteIds.Address(provider, "provider");
        var headers = SignedHeaders.Read(http.Request);
        var answer = await grains.GetGrain<IGatekeeperGrain>(providerAddress)
            .ReadAsync(headers.ToAccessRequest(patientAddress, providerAddress, AccessRequest.ZeroPointer, AccessAction.Read));
        await ThrowIfRefusedAsync(grains, patientAddress, providerAddress, answer.Outcome, answer.Reason, answer.Receipt);
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

    /// <summary>The time-travel access view (issue 9): the chain's newest block at <paramref name="at"/>, each
    /// relationship as the mirror held it then (folded from its kept events), the grants in force at that time, and
    /// the providers' audit entries up to it. Signed as the audit read, so every gatekeeper verifies and audits it.</summary>
    public static async Task<Ok<AccessViewAnswer>> ReadAccessView(
        string patient, DateTimeOffset? at, HttpContext http, IGrainFactory grains, AccessRequestVerifier verifier, IWeb3 web3, Deployment deployment)
    {
        var patientAddress = RouteIds.Address(patient, "patient");
        if (at is not { } time) throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.InvalidArgument, "The query parameter 'at' (an ISO 8601 time) is required.");
        var signed = SignedHeaders.Read(http.Request)
            .ToAccessRequest(patientAddress, AccessRequest.ZeroAddress, AccessRequest.ZeroPointer, AccessAction.ReadAudit);
        var view = await grains.RequirePatientAsync(patientAddress);
        var providers = view.Relationships.Select(r => r.Counterparty).Distinct().ToList();
        // As for the audit route: the gatekeepers verify, decide and audit first.
        var trails = await Task.WhenAll(providers.Select(provider => grains.GetGrain<IGatekeeperGrain>(provider).ReadAuditAsync(signed, 1000)));
        Verify(verifier, signed);
        if (signed.Request.Asker != patientAddress)
        {
            throw new ApiProblemException(StatusCodes.Status403Forbidden, ProblemCodes.WrongSigner, "Only the patient reads the patient's access view.");
        }

        var denied = trails.FirstOrDefault(t => t.Outcome == ProviderOutcome.Denied && UnauthenticatedReasons.Contains(t.Reason ?? ""));
        if (denied is not null) throw SignedHeaders.Unauthorized(denied.Reason!, $"The gatekeeper of {denied.Provider} refused the request: {denied.Reason}.");

        var block = await new BlockTimeline(web3).LastBlockAtOrBeforeAsync(time, deployment.DeploymentBlock, http.RequestAborted)
            ?? throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.InvalidArgument, "'at' lies before the MedRec contracts were deployed.");
        // The chain's clock may run ahead of this host's (a dev chain mining blocks at intervals); a time past both is
        // the future, which the mirror cannot know.
        if (time > Max(DateTimeOffset.UtcNow, block.Time) + FutureTolerance)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.InvalidArgument, "'at' lies in the future: the mirror knows the past only.");
        }

        var seconds = (ulong)Math.Max(0, time.ToUnixTimeSeconds());
        var views = new List<ProviderAccessView>();
        foreach (var trail in trails)
        {
            var relationship = await grains.Relationship(patientAddress, trail.Provider).GetAtAsync(block.Number);
            if (relationship.Status == RelationshipStatus.None && relationship.Pointers.Count == 0) continue; // not opened yet at T
            var entries = trail.Entries.Where(e => e.Time <= time).OrderBy(e => e.Time).ToList();
            var pointerIds = relationship.Pointers.Select(p => p.PointerId).ToHashSet(StringComparer.Ordinal);
            views.Add(new ProviderAccessView(trail.Provider, relationship.Status,
                relationship.Pointers.Select(p => new PointerAccessView(p.PointerId, p.Version,
                    relationship.Grants.Where(g => g.PointerId == p.PointerId && g.ExpiresAt > seconds).ToList(),
                    entries.Where(e => e.PointerId == p.PointerId).ToList())).ToList(),
                entries.Where(e => !pointerIds.Contains(e.PointerId)).ToList()));
        }

        return TypedResults.Ok(new AccessViewAnswer(patientAddress, time, block.Number, block.Hash, block.Time, views,
            trails.Select(t => new AuditTrailOutcome(t.Provider, t.Outcome, t.Reason, t.Entries.Count)).ToList()));
    }

    private static readonly TimeSpan FutureTolerance = TimeSpan.FromMinutes(1);

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

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
    /// denial (looked up only once the gatekeeper refused, so a granted read costs no extra grain call). A denial decided
    /// on the mirror carries the provider's signed receipt as the extension member <c>receipt</c> (ADR 0009).</summary>
    private static async Task ThrowIfRefusedAsync(IGrainFactory grains, string patient, string provider, ProviderOutcome outcome, string? reason,
        DecisionReceipt? receipt)
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
        if (reason == AccessDenials.PointerUnknown)
        {
            throw new ApiProblemException(StatusCodes.Status404NotFound, ProblemCodes.PointerUnknown, "The mirror knows no such pointer of this patient at this provider.",
                receipt is null ? null : new Dictionary<string, object?> { ["receipt"] = receipt });
        }

        var extensions = new Dictionary<string, object?> { ["reason"] = reason };
        if (receipt is not null) extensions["receipt"] = receipt;
        throw new ApiProblemException(StatusCodes.Status403Forbidden, ProblemCodes.AccessDenied, $"The gatekeeper denied the read: {reason}.", extensions);
    }
}
