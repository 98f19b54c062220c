using System.Net.Mime;
using System.Text.Json;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Signing;
using MedRec.Host.Api.Limits;
using MedRec.Host.Api.Problems;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace MedRec.Host.Api.Signing;

/// <summary>
/// Admits a signed request that is not a record read (an <see cref="ApiRequest"/>, docs/adr/0004-http-api.md), in
/// this order, so that each refusal leaves nothing changed: content type (415), body size (413), headers and
/// signature over method, raw path and query, and the raw body's hash (401), signer = the route's owner (403), body
/// JSON (400), and last the nonce, spent on the nonce grain <c>api:&lt;signer&gt;</c> (401 request-replayed).
/// </summary>
public sealed class SignedRequestReader(ApiRequestVerifier verifier, IGrainFactory grains, IOptions<RequestLimitsOptions> limits)
{
    private readonly long _maxBodyBytes = limits.Value.MaxBodyBytes;

    /// <summary>Admits a request with a JSON body of type <typeparamref name="T"/>.</summary>
    /// <param name="owner">The only address that may sign this route, or null when any signer acts for itself.</param>
    /// <returns>The signer (lowercase) and the body.</returns>
    public async Task<(string Signer, T Body)> ReadAsync<T>(HttpContext http, string? owner, CancellationToken cancellationToken)
    {
        var raw = await ReadBodyAsync(http.Request, cancellationToken);
        var signer = Verify(http, owner, raw);
        var body = ApiJson.Deserialize<T>(raw);
        await SpendNonceAsync(http, signer, cancellationToken);
        return (signer, body);
    }

    /// <summary>Admits a request without a body (an empty body is signed as keccak-256 of zero bytes).</summary>
    public async Task<string> ReadAsync(HttpContext http, string? owner, CancellationToken cancellationToken)
    {
        var raw = await ReadBodyAsync(http.Request, cancellationToken);
        var signer = Verify(http, owner, raw);
        await SpendNonceAsync(http, signer, cancellationToken);
        return signer;
    }

    /// <summary>The signed request as sent (headers, method, raw path and query, the raw body's hash) and the raw body,
    /// after the content type and size checks but unverified: for routes whose grain verifies, spends the nonce and
    /// audits itself (research queries).</summary>
    public async Task<(SignedApiRequest Signed, byte[] Body)> ReadUnverifiedAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var raw = await ReadBodyAsync(http.Request, cancellationToken);
        var headers = SignedHeaders.Read(http.Request);
        var request = new ApiRequest(headers.Signer, http.Request.Method, Target(http), ApiRequestHasher.BodyHash(raw), headers.Nonce, headers.ExpiresAt);
        return (new SignedApiRequest(request, headers.Signature), raw);
    }

    private static string Target(HttpContext http) =>
        http.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } rawTarget
            ? rawTarget
            : http.Request.PathBase + http.Request.Path + http.Request.QueryString;

    private string Verify(HttpContext http, string? owner, byte[] body)
    {
        var headers = SignedHeaders.Read(http.Request);
        var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } rawTarget
            ? rawTarget
            : http.Request.PathBase + http.Request.Path + http.Request.QueryString;
        var request = new ApiRequest(headers.Signer, http.Request.Method, target, ApiRequestHasher.BodyHash(body), headers.Nonce, headers.ExpiresAt);
        ApiRequest verified;
        try
        {
            verified = verifier.Verify(new SignedApiRequest(request, headers.Signature));
        }
        catch (AccessRequestRejectedException rejected)
        {
            throw SignedHeaders.Unauthorized(rejected.Code, rejected.Message);
        }

        if (owner is not null && !string.Equals(owner, verified.Signer, StringComparison.OrdinalIgnoreCase))
        {
            throw new ApiProblemException(StatusCodes.Status403Forbidden, ProblemCodes.WrongSigner,
                $"This route belongs to {owner.ToLowerInvariant()}; the request is signed by {verified.Signer}.");
        }

        http.Items[typeof(ApiRequest)] = verified;
        return verified.Signer;
    }

    private async Task SpendNonceAsync(HttpContext http, string signer, CancellationToken cancellationToken)
    {
        var request = (ApiRequest)http.Items[typeof(ApiRequest)]!;
        cancellationToken.ThrowIfCancellationRequested();
        if (!await grains.GetGrain<INonceGrain>($"api:{signer}").TryUseAsync(request.Nonce, request.ExpiresAt))
        {
            throw SignedHeaders.Unauthorized(ProblemCodes.RequestReplayed, "This request's nonce was used before.");
        }
    }

    private async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            if (!IsJson(request.ContentType))
            {
                throw new ApiProblemException(StatusCodes.Status415UnsupportedMediaType, ProblemCodes.UnsupportedMediaType,
                    $"The body must be {MediaTypeNames.Application.Json}, not '{request.ContentType}'.");
            }

            if (request.ContentLength > _maxBodyBytes) throw TooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > _maxBodyBytes) throw TooLarge();
            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private ApiProblemException TooLarge() => new(StatusCodes.Status413PayloadTooLarge, ProblemCodes.BodyTooLarge,
        $"The body is larger than {_maxBodyBytes} bytes.");

    private static bool IsJson(string? contentType) =>
        contentType is not null
        && Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var media)
        && media.MediaType.Equals(MediaTypeNames.Application.Json, StringComparison.OrdinalIgnoreCase);
}
