using MedRec.Host.Api.Problems;
using Microsoft.AspNetCore.Mvc;

namespace MedRec.Host.Api.Limits;

/// <summary>Writes the request limits' refusals as the API's ProblemDetails (docs/adr/0004-http-api.md): type
/// <c>urn:medrec:problem:&lt;code&gt;</c> and the same stable <c>code</c> (one of <see cref="ProblemCodes"/>) as an
/// extension member.</summary>
public static class RequestLimitProblems
{
    public static async Task WriteAsync(HttpContext context, int status, string code, string detail)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Type = ProblemCodes.TypePrefix + code, Title = ReasonPhrase(status), Detail = detail };
        problem.Extensions["code"] = code;
        var service = context.RequestServices.GetService<IProblemDetailsService>();
        if (service is null || !await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem }))
        {
            await context.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", context.RequestAborted);
        }
    }

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status);
}
