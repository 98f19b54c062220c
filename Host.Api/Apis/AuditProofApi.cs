using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Audit;
using MedRec.Grains.Signing;
using MedRec.Host.Api.OpenApi;
using MedRec.Host.Api.Problems;
using MedRec.Host.Api.Signing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MedRec.Host.Api.Apis;

/// <summary>
/// Inclusion proofs of audit entries in their provider's anchored Merkle tree (docs/adr/0010-audit-anchors.md). Signed
/// as the audit read (<see cref="AccessAction.ReadAudit"/>, provider 0): every gatekeeper verifies, spends its nonce
/// and audits the request as it does for the audit trail, then the anchor grains of the providers that granted it
/// look the entry up; only an entry about the signing patient is answered.
/// </summary>
public static class AuditProofApi
{
    private static readonly HashSet<string> UnauthenticatedReasons =
    [
        AccessRequestRejectionCodes.SignatureMalformed, AccessRequestRejectionCodes.SignatureMismatch,
        AccessRequestRejectionCodes.RequestExpired, AccessRequestRejectionCodes.RequestExpiryTooFar,
        AccessRequestRejectionCodes.RequestMalformed, AccessDenials.Replayed,
    ];

    public static IEndpointRouteBuilder MapAuditProofApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/patients/{patient}").WithTags("Records").WithMedRecProblems().RequireSignature(SignedRequestShape.AccessRequest)
            .MapGet("/audit/{entryId}/proof", ReadAuditProof)
            .WithName("ReadAuditProof")
            .WithSummary("An audit entry about the patient with its Merkle inclusion proof and the on-chain anchor (the patient only; 409 when not anchored yet).");
        return routes;
    }

    public static async Task<Ok<AuditProof>> ReadAuditProof(string patient, string entryId, HttpContext http, IGrainFactory grains, AccessRequestVerifier verifier)
    {
        var patientAddress = RouteIds.Address(patient, "patient");
        if (string.IsNullOrEmpty(entryId) || entryId.Length > 128)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.InvalidArgument, "An audit entry id has 1 to 128 characters.");
        }

        var signed = SignedHeaders.Read(http.Request)
            .ToAccessRequest(patientAddress, AccessRequest.ZeroAddress, AccessRequest.ZeroPointer, AccessAction.ReadAudit);
        var view = await grains.RequirePatientAsync(patientAddress);
        // As for the audit trail: the gatekeepers decide and audit first, then the signature and the signer are checked.
        var trails = await Task.WhenAll(view.Relationships.Select(r => r.Counterparty).Distinct()
            .Select(provider => grains.GetGrain<IGatekeeperGrain>(provider).ReadAuditAsync(signed, 1)));
        try
        {
            verifier.Verify(signed);
        }
        catch (AccessRequestRejectedException rejected)
        {
            throw SignedHeaders.Unauthorized(rejected.Code, rejected.Message);
        }

        if (signed.Request.Asker != patientAddress)
        {
            throw new ApiProblemException(StatusCodes.Status403Forbidden, ProblemCodes.WrongSigner, "Only the patient reads proofs of the patient's audit entries.");
        }

        var denied = trails.FirstOrDefault(t => t.Outcome == ProviderOutcome.Denied && UnauthenticatedReasons.Contains(t.Reason ?? ""));
        if (denied is not null) throw SignedHeaders.Unauthorized(denied.Reason!, $"The gatekeeper of {denied.Provider} refused the request: {denied.Reason}.");

        var lookups = await Task.WhenAll(trails.Where(t => t.Outcome == ProviderOutcome.Ok)
            .Select(t => grains.GetGrain<IAuditAnchorGrain>(t.Provider.ToLowerInvariant()).ProofAsync(entryId, patientAddress)));
        if (lookups.FirstOrDefault(l => l.Status == AuditProofStatus.Found)?.Proof is { } proof) return TypedResults.Ok(proof);
        if (lookups.Any(l => l.Status == AuditProofStatus.NotAnchored))
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, ProblemCodes.AuditEntryNotAnchored,
                "This audit entry is not anchored on chain yet; its provider anchors new entries every MedRec:Audit:AnchorInterval. Try again later.");
        }

        throw new ApiProblemException(StatusCodes.Status404NotFound, ProblemCodes.AuditEntryUnknown,
            "No provider of this patient holds an audit entry with this id about this patient.");
    }
}
