namespace MedRec.Grains.Signing;

/// <summary>The stable codes of <see cref="AccessRequestRejectedException"/> (audit reasons, API error codes).</summary>
public static class AccessRequestRejectionCodes
{
    /// <summary>The signature is not 65 bytes of 0x-hex, has an unknown v, an r or s out of range, a high s, or no
    /// public key can be recovered from it.</summary>
    public const string SignatureMalformed = "signature-malformed";

    /// <summary>The signature is well formed but recovers to an address other than the asker: a tampered request, a
    /// signature by someone else, or one made for another chain id or contract.</summary>
    public const string SignatureMismatch = "signature-mismatch";

    /// <summary>The request's expiry has passed.</summary>
    public const string RequestExpired = "request-expired";

    /// <summary>The request's expiry lies further ahead than the gatekeeper accepts (its nonce would have to be
    /// remembered for too long).</summary>
    public const string RequestExpiryTooFar = "request-expiry-too-far";

    /// <summary>A field is missing or not in its format (0x-hex address or 32 bytes), or the action is unknown.</summary>
    public const string RequestMalformed = "request-malformed";
}
