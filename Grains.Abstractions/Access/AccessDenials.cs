namespace MedRec.Grains.Abstractions.Access;

/// <summary>The stable reason codes a gatekeeper gives (besides the request verifier's own codes).</summary>
public static class AccessDenials
{
    public const string Replayed = "request-replayed";
    public const string WrongProvider = "request-wrong-provider";
    public const string WrongAction = "request-wrong-action";
    public const string PointerUnknown = "pointer-unknown";
    public const string NoGrant = "no-grant";
    public const string GrantExpired = "grant-expired";

    /// <summary>An unexpired grant exists but does not cover the request's purpose (docs/adr/0012-purpose-of-use.md).</summary>
    public const string PurposeNotGranted = "purpose-not-granted";
    public const string NotPatient = "not-the-patient";
    public const string NotInSummary = "provider-not-in-summary";
    public const string StoreUnavailable = "store-unavailable";
    public const string DeadlineExceeded = "deadline-exceeded";
    public const string IntegrityFailed = "integrity-failed";
}
