using MedRec.Grains.Abstractions.Access;

namespace MedRec.Grains.Signing;

/// <summary>
/// Checks a <see cref="SignedApiRequest"/> for one domain as <see cref="AccessRequestVerifier"/> checks access
/// requests: well-formed fields, expiry in (now, now + <see cref="AccessRequestVerifierOptions.MaxLifetime"/>], and an
/// EIP-712 signature that recovers to the signer (native secp256k1 through <see cref="SignatureRecovery"/>). Cheap
/// checks first. The nonce and whether the signer may use the route are the caller's to check. Thread-safe.
/// </summary>
public sealed class ApiRequestVerifier
{
    private readonly ApiRequestHasher _hasher;
    private readonly TimeProvider _time;
    private readonly long _maxLifetimeSeconds;

    public ApiRequestVerifier(AccessRequestDomain domain, TimeProvider time, AccessRequestVerifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _hasher = new ApiRequestHasher(domain);
        _time = time;
        var maxLifetime = (options ?? new AccessRequestVerifierOptions()).MaxLifetime;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxLifetime, TimeSpan.Zero, nameof(options));
        _maxLifetimeSeconds = (long)maxLifetime.TotalSeconds;
    }

    public AccessRequestDomain Domain => _hasher.Domain;

    /// <summary>The request with its hex fields lowercased, when it may be acted on.</summary>
    /// <exception cref="AccessRequestRejectedException">The request is refused; the code says why (one of
    /// <see cref="AccessRequestRejectionCodes"/>).</exception>
    public ApiRequest Verify(SignedApiRequest signed)
    {
        if (signed?.Request is not { } request) throw Reject(AccessRequestRejectionCodes.RequestMalformed, "the signed request is missing");
        if (!AccessRequestFormat.IsAddress(request.Signer)) throw Reject(AccessRequestRejectionCodes.RequestMalformed, "signer is not a 0x-hex address");
        if (!AccessRequestFormat.IsBytes32(request.BodyHash)) throw Reject(AccessRequestRejectionCodes.RequestMalformed, "bodyHash is not 32 bytes of 0x-hex");
        if (!AccessRequestFormat.IsBytes32(request.Nonce)) throw Reject(AccessRequestRejectionCodes.RequestMalformed, "nonce is not 32 bytes of 0x-hex");
        if (string.IsNullOrEmpty(request.Method) || request.Path is null) throw Reject(AccessRequestRejectionCodes.RequestMalformed, "method or path is missing");

        var normalized = request with
        {
            Signer = request.Signer.ToLowerInvariant(),
            BodyHash = request.BodyHash.ToLowerInvariant(),
            Nonce = request.Nonce.ToLowerInvariant(),
        };
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        if (normalized.ExpiresAt <= (ulong)Math.Max(now, 0))
        {
            throw Reject(AccessRequestRejectionCodes.RequestExpired, $"the request expired at {normalized.ExpiresAt} (now {now})");
        }

        if (normalized.ExpiresAt > (ulong)(now + _maxLifetimeSeconds))
        {
            throw Reject(AccessRequestRejectionCodes.RequestExpiryTooFar,
                $"the request expires at {normalized.ExpiresAt}, more than {_maxLifetimeSeconds} s after now ({now})");
        }

        var digest = _hasher.Hash(normalized);
        if (!SignatureRecovery.TryRecover(digest, signed.Signature, out var recovered, out var signatureError))
        {
            throw Reject(AccessRequestRejectionCodes.SignatureMalformed, signatureError);
        }

        if (recovered != normalized.Signer)
        {
            throw Reject(AccessRequestRejectionCodes.SignatureMismatch,
                $"the signature recovers to {recovered}, not to the signer {normalized.Signer} (tampered, signed by another key, or for another chain or contract)");
        }

        return normalized;
    }

    private static AccessRequestRejectedException Reject(string code, string message) => new(code, message);
}
