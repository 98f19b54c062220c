using MedRec.Grains.Abstractions.Access;
using Orleans.Runtime;

namespace MedRec.Grains.Access;

/// <summary>
/// The nonces one asker used at one gatekeeper (key "provider:asker"). A nonce is kept until its request expires;
/// expired ones are dropped whenever a nonce is used. A nonce is durable before the grain answers true; if the write
/// fails the call fails and the grain deactivates, so its memory never holds a nonce its storage lacks.
/// </summary>
public sealed class NonceGrain(
    [PersistentState("nonces", AccessStorage.Name)] IPersistentState<NonceGrain.State> state,
    TimeProvider time)
    : Grain, INonceGrain
{
    /// <summary>Also answers false, without storing it, for a nonce whose request has already expired: such a request
    /// is refused anyway, and remembering it would serve no purpose.</summary>
    public async Task<bool> TryUseAsync(string nonce, ulong expiresAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nonce);
        var key = nonce.ToLowerInvariant();
        var now = (ulong)Math.Max(time.GetUtcNow().ToUnixTimeSeconds(), 0);
        var nonces = state.State.Nonces;
        if (expiresAt <= now || nonces.ContainsKey(key)) return false;

        foreach (var expired in nonces.Where(n => n.Value <= now).Select(n => n.Key).ToList()) nonces.Remove(expired);
        nonces[key] = expiresAt;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }

        return true;
    }

    [GenerateSerializer, Alias("medrec.nonce-state")]
    public sealed class State
    {
        /// <summary>Nonce (lowercase 0x-hex) -> the expiry (unix seconds) of the request that used it.</summary>
        [Id(0)] public Dictionary<string, ulong> Nonces { get; set; } = [];
    }
}
