namespace MedRec.Grains.Abstractions.Access;

/// <summary>
/// The nonces one asker used at one gatekeeper (keyed "provider:asker", lowercase addresses). A nonce is remembered
/// until the request that carried it expires, so a replay is refused for as long as the request would be valid.
/// </summary>
[Alias("medrec.nonce-grain")]
public interface INonceGrain : IGrainWithStringKey
{
    /// <summary>Records the nonce and answers true, or answers false when it was already used. Durable before it
    /// answers true. Also answers false, storing nothing, when <paramref name="expiresAt"/> (unix seconds) has
    /// already passed.</summary>
    Task<bool> TryUseAsync(string nonce, ulong expiresAt);
}
