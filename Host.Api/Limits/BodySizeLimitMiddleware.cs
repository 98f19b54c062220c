using MedRec.Host.Api.Problems;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace MedRec.Host.Api.Limits;

/// <summary>
/// Answers an oversized body with 413 ProblemDetails: at once when Content-Length says so (nothing is read), and when
/// Kestrel stops a chunked body at the limit while an endpoint reads it.
/// </summary>
public sealed class BodySizeLimitMiddleware(RequestDelegate next, IOptions<RequestLimitsOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // Kestrel's feature holds the limit for this request (an endpoint may have raised or lowered it); hosts
        // without it (test servers) fall back to the configured one.
        var limit = context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? options.Value.MaxBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            await TooLargeAsync(context, limit);
            return;
        }

        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            await TooLargeAsync(context, limit);
            return;
        }

        // Minimal APIs turn the same exception, met while binding a body, into a bare 413.
        if (context.Response.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            await TooLargeAsync(context, limit);
        }
    }

    private static Task TooLargeAsync(HttpContext context, long? limit) => RequestLimitProblems.WriteAsync(context,
        StatusCodes.Status413PayloadTooLarge, ProblemCodes.BodyTooLarge, $"The request body is larger than {limit} bytes.");
}
