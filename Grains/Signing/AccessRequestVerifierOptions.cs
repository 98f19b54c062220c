namespace MedRec.Grains.Signing;

/// <summary>What a gatekeeper accepts of a signed request's timing.</summary>
public sealed class AccessRequestVerifierOptions
{
    /// <summary>How far ahead of now a request's expiry may lie. Bounds how long its nonce must be remembered.</summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromMinutes(5);
}
