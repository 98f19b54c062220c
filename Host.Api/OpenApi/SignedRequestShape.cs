namespace MedRec.Host.Api.OpenApi;

/// <summary>What a signed request's EIP-712 signature covers (docs/adr/0004-http-api.md).</summary>
public enum SignedRequestShape
{
    /// <summary>The gatekeeper's AccessRequest (record reads): asker, patient, provider, pointer, action, purpose, nonce, expiry.</summary>
    AccessRequest,

    /// <summary>The API's ApiRequest (everything else): signer, method, path, body hash, nonce, expiry.</summary>
    ApiRequest,
}
