using System.Globalization;
using System.Text;
using MedRec.Grains.Abstractions.Research;
using MedRec.Grains.Records;
using MedRec.Host.Api.Contracts;
using MedRec.Host.Api.OpenApi;
using MedRec.Host.Api.Problems;
using MedRec.Host.Api.Signing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MedRec.Host.Api.Apis;

/// <summary>
/// Research aggregates (docs/adr/0008-research-aggregates.md). The API only reads the signed request and its raw body
/// and hands both, unverified, to the research grain, which verifies and checks the researcher and the quota; every
/// gatekeeper verifies again and audits, so the API cannot forge a query nor skip an audit.
/// </summary>
public static class ResearchApi
{
    public static IEndpointRouteBuilder MapResearchApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/research").WithTags("Research").WithMedRecProblems();
        api.MapPost("/queries", Query).Accepts<ResearchQueryRequest>("application/json")
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireSignature(SignedRequestShape.ApiRequest).WithName("RunResearchQuery")
            .WithSummary("A registered researcher's aggregate query over opted-in patients across every provider: k-anonymous cells, small cells suppressed.");
        return routes;
    }

    public static async Task<Ok<ResearchQueryAnswer>> Query(
        HttpContext http, SignedRequestReader reader, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var (signed, body) = await reader.ReadUnverifiedAsync(http, cancellationToken);
        var answer = await grains.GetGrain<IResearchGrain>(0).QueryAsync(signed, Encoding.UTF8.GetString(body));
        if (answer.Refusal is { } refusal) throw Problem(refusal, answer.RefusalDetail ?? refusal, answer.Quota, http);

        var query = ResearchQuery.Parse(answer.Query!);
        var width = (double?)query.BucketWidth;
        var cells = answer.Cells.Select(c => new ResearchCellAnswer(
            c.Key.Year, c.Key.Category, c.Key.CodeSystem, c.Key.Code, c.Key.Bucket,
            c.Key.Bucket is { } b && width is { } w ? b * w : null, c.Key.Bucket is { } b2 && width is { } w2 ? (b2 + 1) * w2 : null,
            c.Suppressed, c.Patients, c.Records, c.Mean)).ToList();
        return TypedResults.Ok(new ResearchQueryAnswer(answer.Query!, answer.K, cells, cells.Count(c => c.Suppressed is not null), answer.Providers, answer.Quota));
    }

    private static ApiProblemException Problem(string refusal, string detail, ResearchQuota? quota, HttpContext http)
    {
        if (refusal.StartsWith("query-", StringComparison.Ordinal))
        {
            return new ApiProblemException(StatusCodes.Status400BadRequest, ProblemCodes.QueryRejected, detail,
                new Dictionary<string, object?> { ["reason"] = refusal });
        }

        switch (refusal)
        {
            case ResearchDenials.NotResearcher:
                return new ApiProblemException(StatusCodes.Status403Forbidden, ProblemCodes.NotResearcher, detail);
            case ResearchDenials.QuotaExceeded:
                if (quota?.RetryAt is { } retryAt)
                {
                    var seconds = Math.Max(1, (long)Math.Ceiling((retryAt - DateTimeOffset.UtcNow).TotalSeconds));
                    http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
                }

                return new ApiProblemException(StatusCodes.Status429TooManyRequests, ProblemCodes.ResearchQuotaExceeded, detail,
                    new Dictionary<string, object?>
                    {
                        ["used"] = quota?.Used, ["allowedPerDay"] = quota?.AllowedPerDay,
                        ["sealedBlocks"] = quota?.SealedBlocks, ["windowBlocks"] = quota?.WindowBlocks,
                    });
            default:
                // The verifier's codes, request-replayed, request-wrong-route, request-body-mismatch: not a valid signed request.
                return SignedHeaders.Unauthorized(refusal, detail);
        }
    }
}
