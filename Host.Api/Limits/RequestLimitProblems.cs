using Microsoft.AspNetCore.Mvc;

namespace MedRec.Host.Api.Limits;

/// <summary>The ProblemDetails of the request limits, in the API's shape (docs/adr/0004-http-api.md): type
/// <c>urn:medrec:problem:&lt;code&gt;</c> and the same stable <c>code</c> as an extension member.</summary>
public static class RequestLimitProblems
{
    public const string TypePrefix = "urn:medrec:problem:";

    /// <summary>413: the body is larger than MedRec:Api:Limits:MaxBodyBytes.</summary>
    public const string BodyTooLarge = "body-too-large";

    /// <summary>429: the signer or the remote address sent more requests than its rate limit; see Retry-After.</summary>
    public const string TooManyRequests = "too-many-requests";

    public static async Task WriteAsync(HttpContext context, int status, string code, string detail)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Type = TypePrefix + code, Title = ReasonPhrase(status), Detail = detail };
        problem.Extensions["code"] = code;
        var service = context.RequestServices.GetService<IProblemDetailsService>();
        if (service is null || !await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
        {
            await context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", context.RequestAborted);
        }
    }

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}
