using System.Security.Cryptography;
using MedRec.Grains.Abstractions.Access;
using Nethereum.Signer;
using Nethereum.Signer.EIP712;

namespace MedRec.Grains.Signing;

/// <summary>
/// Signs access requests with one private key, as a wallet's eth_signTypedData_v4 would (Nethereum's EIP-712
/// signer): for clients, tests and the demo. The gatekeeper never holds an asker's key; it only verifies.
/// </summary>
public sealed class AccessRequestSigner
{
    private readonly EthECKey _key;

    /// <param name="privateKey">The 32-byte private key as hex (with or without 0x).</param>
    public AccessRequestSigner(string privateKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(privateKey);
        _key = new EthECKey(privateKey);
        Address = _key.GetPublicAddress().ToLowerInvariant();
    }

    /// <summary>The signer's address, lowercase 0x-hex (the <see cref="AccessRequest.Asker"/> of its requests).</summary>
    public string Address { get; }

    /// <summary>A signer with a fresh random key.</summary>
    public static AccessRequestSigner CreateRandom() => new(Convert.ToHexStringLower(EthECKey.GenerateKey().GetPrivateKeyAsBytes()));

    /// <summary>A fresh random 32-byte nonce, lowercase 0x-hex.</summary>
    public static string NewNonce() => "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>A request by this signer with a fresh nonce, expiring <paramref name="lifetime"/> after
    /// <paramref name="now"/> (whole seconds, rounded down).</summary>
    public AccessRequest NewRequest(
        string patient, string provider, string pointerId, AccessAction action, Purpose purpose, DateTimeOffset now, TimeSpan lifetime) =>
        new(Address, patient.ToLowerInvariant(), provider.ToLowerInvariant(), pointerId.ToLowerInvariant(), action, purpose, NewNonce(),
            checked((ulong)(now + lifetime).ToUnixTimeSeconds()));

    /// <summary>The request with this signer's EIP-712 signature (0x-hex r ‖ s ‖ v, v = 27 or 28).</summary>
    /// <exception cref="ArgumentException">The request's asker is not this signer, or a field is malformed.</exception>
    public SignedAccessRequest Sign(AccessRequest request, AccessRequestDomain domain)
    {
        if (!AccessRequestFormat.TryNormalize(request, out var normalized, out var error))
        {
            throw new ArgumentException($"malformed request: {error}", nameof(request));
        }

        if (normalized.Asker != Address)
        {
            throw new ArgumentException($"the request's asker {normalized.Asker} is not this signer ({Address})", nameof(request));
        }

        var signature = Eip712TypedDataSigner.Current.SignTypedDataV4(AccessRequestTypedData.Create(normalized, domain), _key);
        return new SignedAccessRequest(request, signature.ToLowerInvariant());
    }

    /// <summary><see cref="NewRequest"/> then <see cref="Sign"/>.</summary>
    public SignedAccessRequest SignNew(
        AccessRequestDomain domain, string patient, string provider, string pointerId, AccessAction action, Purpose purpose,
        DateTimeOffset now, TimeSpan lifetime) =>
        Sign(NewRequest(patient, provider, pointerId, action, purpose, now, lifetime), domain);
}
