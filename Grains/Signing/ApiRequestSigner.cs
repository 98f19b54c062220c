using MedRec.Grains.Abstractions.Access;
using Nethereum.Signer;

namespace MedRec.Grains.Signing;

/// <summary>
/// Signs <see cref="ApiRequest"/>s with one private key, as a wallet's eth_signTypedData_v4 would: for clients, tests
/// and the CLI. Signs the hand-encoded digest (equal to Nethereum's typed-data encoding, see the tests), which spares
/// the generic encoder on every request of a load generator.
/// </summary>
public sealed class ApiRequestSigner
{
    private readonly EthECKey _key;

    public ApiRequestSigner(EthECKey key)
    {
        ArgumentNullException.ThrowIfNull(key);
        _key = key;
        Address = key.GetPublicAddress().ToLowerInvariant();
    }

    /// <summary>The signer's address, lowercase 0x-hex.</summary>
    public string Address { get; }

    /// <summary>A request by this signer for <paramref name="method"/> <paramref name="pathAndQuery"/> with this raw
    /// body, a fresh nonce, expiring <paramref name="lifetime"/> after <paramref name="now"/>.</summary>
    public ApiRequest NewRequest(string method, string pathAndQuery, ReadOnlySpan<byte> body, DateTimeOffset now, TimeSpan lifetime) =>
        new(Address, method.ToUpperInvariant(), pathAndQuery, ApiRequestHasher.BodyHash(body), AccessRequestSigner.NewNonce(),
            checked((ulong)(now + lifetime).ToUnixTimeSeconds()));

    /// <summary>The request with this signer's EIP-712 signature (0x-hex r ‖ s ‖ v, v = 27 or 28).</summary>
    /// <exception cref="ArgumentException">The request's signer is not this signer.</exception>
    public SignedApiRequest Sign(ApiRequest request, AccessRequestDomain domain)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!string.Equals(request.Signer, Address, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"the request's signer {request.Signer} is not this signer ({Address})", nameof(request));
        }

        var digest = new ApiRequestHasher(domain).Hash(request);
        var signature = _key.SignAndCalculateV(digest);
        return new SignedApiRequest(request, EthECDSASignature.CreateStringSignature(signature).ToLowerInvariant());
    }
}
