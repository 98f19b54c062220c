using System.Buffers;
using System.Globalization;
using System.Threading.RateLimiting;
using MedRec.Host.Api.Problems;
using MedRec.Host.Api.Signing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;

namespace MedRec.Host.Api.Limits;

/// <summary>Kestrel's body and header limits and a rate limiter per signer and per remote address, all from
/// <see cref="RequestLimitsOptions"/>; over a limit the API answers ProblemDetails (413 body-too-large, 429
/// too-many-requests with Retry-After), except the header limits, which Kestrel answers itself (431, 414) before any
/// application code runs.</summary>
public static class RequestLimitsExtensions
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    public static TBuilder AddMedRecRequestLimits<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<RequestLimitsOptions>().Bind(builder.Configuration.GetSection(RequestLimitsOptions.Section))
            .ValidateDataAnnotations().Validate(o => o.PerSigner is not null && o.PerAddress is not null).ValidateOnStart();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<RequestLimitsOptions>>((kestrel, limits) =>
        {
            kestrel.Limits.MaxRequestBodySize = limits.Value.MaxBodyBytes;
            kestrel.Limits.MaxRequestHeadersTotalSize = limits.Value.MaxRequestHeadersTotalSize;
            kestrel.Limits.MaxRequestHeaderCount = limits.Value.MaxRequestHeaderCount;
            kestrel.Limits.MaxRequestLineSize = limits.Value.MaxRequestLineSize;
        });
        services.AddProblemDetails();
        services.AddRateLimiter(_ => { });
        services.AddOptions<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>().Configure<IOptions<RequestLimitsOptions>>((rateLimiter, limits) =>
        {
            var options = limits.Value;
            rateLimiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            rateLimiter.OnRejected = (context, _) => RejectAsync(context.HttpContext, context.Lease, options);
            if (!options.RateLimiting) return;
            rateLimiter.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http =>
                    Signer(http) is { } signer && !IsExempt(http)
                        ? RateLimitPartition.GetTokenBucketLimiter(signer, _ => Bucket(options.PerSigner))
                        : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(http =>
                    IsExempt(http)
                        ? RateLimitPartition.GetNoLimiter("")
                        : RateLimitPartition.GetTokenBucketLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "unknown", _ => Bucket(options.PerAddress))));
        });
        return builder;
    }

    /// <summary>Puts the limits into the pipeline: first the rate limiter (cheapest refusal), then the body size.</summary>
    public static IApplicationBuilder UseMedRecRequestLimits(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseRateLimiter();
        app.UseMiddleware<BodySizeLimitMiddleware>();
        return app;
    }

    // Probes come often and from one address; refusing them would take a busy but healthy host out of rotation.
    private static bool IsExempt(HttpContext http) => http.Request.Path.StartsWithSegments("/health");

    // Only a well-formed address partitions: anything else would let a client mint partitions with junk values, and
    // the per-address limit covers it anyway. Lowercased, as the signature check compares addresses.
    private static string? Signer(HttpContext http)
    {
        if (!http.Request.Headers.TryGetValue(SignedHeaders.SignerHeader, out var values) || values.Count != 1) return null;
        var value = values[0];
        return value is { Length: 42 } && value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) && !value.AsSpan(2).ContainsAnyExcept(HexDigits)
            ? value.ToLowerInvariant()
            : null;
    }

    private static TokenBucketRateLimiterOptions Bucket(RateLimitSettings settings) => new()
    {
        TokenLimit = settings.TokenLimit,
        TokensPerPeriod = settings.TokensPerPeriod,
        ReplenishmentPeriod = settings.ReplenishmentPeriod,
        QueueLimit = 0,
        AutoReplenishment = true,
    };

    private static async ValueTask RejectAsync(HttpContext http, RateLimitLease lease, RequestLimitsOptions options)
    {
        // The bucket says when a token comes back; when it does not, one replenishment period of the stricter limit.
        var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var after)
            ? after
            : TimeSpan.FromTicks(Math.Max(options.PerSigner.ReplenishmentPeriod.Ticks, options.PerAddress.ReplenishmentPeriod.Ticks));
        var seconds = (long)Math.Max(1, Math.Ceiling(retryAfter.TotalSeconds));
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await RequestLimitProblems.WriteAsync(http, StatusCodes.Status429TooManyRequests, ProblemCodes.TooManyRequests,
            $"Too many requests from this signer or address; retry after {seconds} s.");
    }
}
