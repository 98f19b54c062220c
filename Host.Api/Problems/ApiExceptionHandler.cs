using MedRec.Grains.Abstractions.Writes;
using MedRec.Grains.Records;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Orleans.Runtime;

namespace MedRec.Host.Api.Problems;

/// <summary>
/// Turns every exception that reaches the edge into ProblemDetails with a stable code: the API's own
/// <see cref="ApiProblemException"/>, the domain exceptions the grains throw (no custody key, chain revert, query
/// rejected) and ASP.NET's bad-request exceptions. Anything else is a 500 whose detail is logged, never returned.
/// </summary>
public sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = exception switch
        {
            ApiProblemException api => api,
            NoCustodyKeyException custody => new ApiProblemException(StatusCodes.Status403Forbidden, ProblemCodes.NoCustodyKey, custody.Message),
            ChainWriteRevertedException revert => new ApiProblemException(StatusCodes.Status409Conflict, ProblemCodes.ChainRevert, revert.Message,
                new Dictionary<string, object?> { ["error"] = revert.ErrorName }),
            QueryRejectedException query => new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.QueryRejected, query.Message,
                new Dictionary<string, object?> { ["reason"] = query.Code }),
            ProviderStoreNotConfiguredException store => new ApiProblemException(StatusCodes.Status503ServiceUnavailable, ProblemCodes.StoreUnavailable, store.Message),
            BadHttpRequestException bad => new ApiProblemException(bad.StatusCode, ProblemCodes.ForStatus(bad.StatusCode), bad.Message),
            // A silo died with the request's grain on it: transient until membership declares it dead and the grain is
            // activated elsewhere (issue 7's failover test sees these for a few seconds after a SIGKILL).
            OrleansMessageRejectionException or SiloUnavailableException => new ApiProblemException(StatusCodes.Status503ServiceUnavailable,
                ProblemCodes.ClusterUnavailable, "A silo of the cluster failed while answering; retry in a moment (a write may still have taken effect: check it before sending it again)."),
            _ => null,
        };
        if (problem is null)
        {
            LogUnhandled(logger, httpContext.Request.Method, httpContext.Request.Path, exception);
            problem = new ApiProblemException(StatusCodes.Status500InternalServerError, ProblemCodes.InternalError,
                "The request failed inside the server; the error was logged.");
        }

        httpContext.Response.StatusCode = problem.Status;
        if (problem.Code == ProblemCodes.ClusterUnavailable) httpContext.Response.Headers.RetryAfter = "1";
        var details = new ProblemDetails { Status = problem.Status, Detail = problem.Message };
        details.Extensions["code"] = problem.Code;
        foreach (var (key, value) in problem.Extensions) details.Extensions[key] = value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = details, Exception = exception });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private static partial void LogUnhandled(ILogger logger, string method, string path, Exception exception);
}
