namespace MedRec.Host.Api.Problems;

/// <summary>
/// The stable error codes of the HTTP API: each error answer is a ProblemDetails whose <c>type</c> is
/// <c>urn:medrec:problem:&lt;code&gt;</c> and whose <c>code</c> extension member is the code. Clients branch on the
/// code, never on the title or detail text. Signature codes reuse the verifier's (AccessRequestRejectionCodes).
/// </summary>
public static class ProblemCodes
{
    public const string TypePrefix = "urn:medrec:problem:";

    // 400
    /// <summary>The body is not JSON, or misses a required member.</summary>
    public const string MalformedJson = "malformed-json";

    /// <summary>The body has a member the route does not know (JsonUnmappedMemberHandling.Disallow).</summary>
    public const string UnknownMember = "unknown-member";

    /// <summary>A route value, query value or member is out of its format (e.g. not a 0x-hex address).</summary>
    public const string InvalidArgument = "invalid-argument";

    /// <summary>A resource is not valid FHIR R4 JSON.</summary>
    public const string InvalidFhir = "invalid-fhir";

    /// <summary>A pointer query was refused (extension <c>reason</c>: the query-* code).</summary>
    public const string QueryRejected = "query-rejected";

    // 401: the verifier's codes (signature-malformed, signature-mismatch, request-expired, request-expiry-too-far,
    // request-malformed) plus these two.
    /// <summary>One of the MedRec-Signer/-Nonce/-Expires/-Signature headers is missing.</summary>
    public const string SignatureMissing = "signature-missing";

    /// <summary>The request's nonce was used before (a replay).</summary>
    public const string RequestReplayed = "request-replayed";

    // 403
    /// <summary>The request is signed, but not by the participant the route belongs to.</summary>
    public const string WrongSigner = "wrong-signer";

    /// <summary>The silo holds no custody key for the signer, so it cannot send the transaction.</summary>
    public const string NoCustodyKey = "no-custody-key";

    /// <summary>The gatekeeper denied the read (extension <c>reason</c>: no-grant, grant-expired, not-the-patient, ...).</summary>
    public const string AccessDenied = "access-denied";

    /// <summary>A research query signed by an address that is not a researcher registered on chain.</summary>
    public const string NotResearcher = "not-a-researcher";

    // 404
    public const string NotFound = "not-found";
    public const string PatientUnknown = "patient-unknown";
    public const string ProviderUnknown = "provider-unknown";
    public const string ParticipantUnknown = "participant-unknown";
    public const string PointerUnknown = "pointer-unknown";
    public const string OperationUnknown = "operation-unknown";

    /// <summary>No provider of the patient holds an audit entry with this id about this patient (ADR 0010).</summary>
    public const string AuditEntryUnknown = "audit-entry-unknown";

    /// <summary>409: the audit entry exists but no on-chain anchor covers it yet (ADR 0010).</summary>
    public const string AuditEntryNotAnchored = "audit-entry-not-anchored";

    /// <summary>409: the deployment predates the EmergencyAccess contract, so there is no break-the-glass (ADR 0011).</summary>
    public const string EmergencyAccessUnavailable = "emergency-access-unavailable";

    /// <summary>No provider is configured to keep patient-reported records (MedRec:PatientRecords:Provider).</summary>
    public const string PatientRecordsDisabled = "patient-records-disabled";

    /// <summary>405: the route exists, not with this method.</summary>
    public const string MethodNotAllowed = "method-not-allowed";

    /// <summary>409: the contract refuses the transaction (extension <c>error</c>: the custom error's name); nothing was sent.</summary>
    public const string ChainRevert = "chain-revert";

    /// <summary>413: the body is larger than MedRec:Api:Limits:MaxBodyBytes.</summary>
    public const string BodyTooLarge = "body-too-large";

    /// <summary>415: a body that is not application/json.</summary>
    public const string UnsupportedMediaType = "unsupported-media-type";

    /// <summary>429: the signer or the remote address is over its rate limit (MedRec:Api:Limits); see Retry-After.</summary>
    public const string TooManyRequests = "too-many-requests";

    /// <summary>429: the researcher used its fair-use quota of research queries (extensions used, allowedPerDay,
    /// sealedBlocks, windowBlocks); see Retry-After.</summary>
    public const string ResearchQuotaExceeded = "research-quota-exceeded";

    /// <summary>503: the provider's store could not be reached.</summary>
    public const string StoreUnavailable = "store-unavailable";

    /// <summary>504: the provider did not answer in time.</summary>
    public const string DeadlineExceeded = "deadline-exceeded";

    /// <summary>503: the grain the request needed was on a silo that just failed; the cluster moves it to another silo
    /// within seconds (see Retry-After). A read can be retried as it is; a write may have taken effect before the silo
    /// failed, so check it first.</summary>
    public const string ClusterUnavailable = "cluster-unavailable";

    /// <summary>500: anything else; the detail is logged, not returned.</summary>
    public const string InternalError = "internal-error";

    /// <summary>The code the API uses for a bare status code (route not found, method not allowed, ...).</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => InvalidArgument,
        404 => NotFound,
        405 => MethodNotAllowed,
        413 => BodyTooLarge,
        415 => UnsupportedMediaType,
        429 => TooManyRequests,
        _ => InternalError,
    };
}
