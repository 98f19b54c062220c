using System.ComponentModel.DataAnnotations;

namespace MedRec.Host.Api.Limits;

/// <summary>
/// The API's request limits, bound from <see cref="Section"/>: Kestrel's body and header limits and the rate limiter.
/// Defaults leave room for the API's goal of 1,000 signed reads/s on a small machine while stopping one client from
/// taking it all.
/// </summary>
public sealed class RequestLimitsOptions
{
    public const string Section = "MedRec:Api:Limits";

    /// <summary>The largest request body (413 body-too-large above): a batch of FHIR resources fits in 1 MiB.</summary>
    [Range(1, long.MaxValue)]
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Kestrel's limit on all request headers together (431 above); a signed request's four headers take
    /// about 330 bytes.</summary>
    [Range(1024, 1024 * 1024)]
    public int MaxRequestHeadersTotalSize { get; set; } = 32 * 1024;

    /// <summary>Kestrel's limit on the number of request headers (431 above).</summary>
    [Range(8, 1000)]
    public int MaxRequestHeaderCount { get; set; } = 64;

    /// <summary>Kestrel's limit on the request line (414 above): the longest route with a query is far below.</summary>
    [Range(256, 1024 * 1024)]
    public int MaxRequestLineSize { get; set; } = 8 * 1024;

    /// <summary>Rate limiting on (the limits below) or off.</summary>
    public bool RateLimiting { get; set; } = true;

    /// <summary>Per MedRec-Signer (signed requests): 1,000 requests/s sustained, bursts of 200.</summary>
    [Required]
    public RateLimitSettings PerSigner { get; set; } = new() { TokenLimit = 200, TokensPerPeriod = 100 };

    /// <summary>Per remote address, signed or not: a client cannot escape <see cref="PerSigner"/> by sending a fresh
    /// signer header each time (the signature is checked later, in the endpoint). Generous, so that one load
    /// generator or proxy can carry many signers.</summary>
    [Required]
    public RateLimitSettings PerAddress { get; set; } = new() { TokenLimit = 2_000, TokensPerPeriod = 1_000 };
}
