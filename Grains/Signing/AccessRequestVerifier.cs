using MedRec.Grains.Abstractions.Access;

namespace MedRec.Grains.Signing;

/// <summary>
/// Checks a <see cref="SignedAccessRequest"/> for one domain (chain id + PPR contract): its fields are well formed,
/// its expiry lies in (now, now + <see cref="AccessRequestVerifierOptions.MaxLifetime"/>], and its EIP-712 signature
/// recovers to its asker. Cheap checks first, so a flood of stale or malformed requests costs no signature recovery.
/// The nonce is not checked here (see <see cref="INonceGrain"/>). Recoveries are remembered (<see cref="RecoveryMemo"/>),
/// so the same signed request checked again, as every gatekeeper of a fan-out does, costs a hash, not a recovery.
/// Thread-safe.
/// </summary>
public sealed class AccessRequestVerifier
{
    private readonly AccessRequestHasher _hasher;
    private readonly TimeProvider _time;
    private readonly long _maxLifetimeSeconds;
    private readonly RecoveryMemo _recoveries = new();

    public AccessRequestVerifier(AccessRequestDomain domain, TimeProvider time, AccessRequestVerifierOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        _hasher = new AccessRequestHasher(domain);
        _time = time;
        var maxLifetime = (options ?? new AccessRequestVerifierOptions()).MaxLifetime;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(maxLifetime, TimeSpan.Zero, nameof(options));
        _maxLifetimeSeconds = (long)maxLifetime.TotalSeconds;
    }

    public AccessRequestDomain Domain => _hasher.Domain;

    /// <summary>The normalized request and its hash when it may be acted on.</summary>
    /// <exception cref="AccessRequestRejectedException">The request is refused; <see cref="AccessRequestRejectedException.Code"/> says why.</exception>
    public VerifiedAccessRequest Verify(SignedAccessRequest signed)
    {
        if (signed is null) throw Reject(AccessRequestRejectionCodes.RequestMalformed, "the signed request is missing");
        if (!AccessRequestFormat.TryNormalize(signed.Request, out var request, out var formatError))
        {
            throw Reject(AccessRequestRejectionCodes.RequestMalformed, formatError);
        }

        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        if (request.ExpiresAt <= (ulong)Math.Max(now, 0))
        {
            throw Reject(AccessRequestRejectionCodes.RequestExpired, $"the request expired at {request.ExpiresAt} (now {now})");
        }

        if (request.ExpiresAt > (ulong)(now + _maxLifetimeSeconds))
        {
            throw Reject(AccessRequestRejectionCodes.RequestExpiryTooFar,
                $"the request expires at {request.ExpiresAt}, more than {_maxLifetimeSeconds} s after now ({now})");
        }

        Span<byte> digest = stackalloc byte[SignatureRecovery.DigestLength];
        _hasher.Hash(request, digest);
        var requestHash = "0x" + Convert.ToHexStringLower(digest);
        if (!_recoveries.TryGet(requestHash, signed.Signature, out var signer))
        {
            if (!SignatureRecovery.TryRecover(digest, signed.Signature, out var recovered, out var signatureError))
            {
                throw Reject(AccessRequestRejectionCodes.SignatureMalformed, signatureError);
            }

            signer = recovered;
            _recoveries.Add(requestHash, signed.Signature, signer);
        }

        if (signer != request.Asker)
        {
            throw Reject(AccessRequestRejectionCodes.SignatureMismatch,
                $"the signature recovers to {signer}, not to the asker {request.Asker} (tampered, signed by another key, or for another chain or contract)");
        }

        return new VerifiedAccessRequest(request, requestHash);
    }

    private static AccessRequestRejectedException Reject(string code, string message) => new(code, message);
}
