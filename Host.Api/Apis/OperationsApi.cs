using MedRec.Host.Api.Contracts;
using MedRec.Host.Api.Operations;
using MedRec.Host.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace MedRec.Host.Api.Apis;

public static class OperationsApi
{
    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/operations").WithTags("Operations").WithMedRecProblems()
            .MapGet("/{transactionHash}", GetOperation)
            .WithName("GetOperation")
            .WithSummary("A chain write's status (pending, failed, mined, applied); waitSeconds holds the answer until applied.");
        return routes;
    }

    public static async Task<Ok<OperationStatus>> GetOperation(
        string transactionHash, int? waitSeconds, OperationTracker tracker, IOptions<MedRecApiOptions> options, CancellationToken cancellationToken)
    {
        var hash = RouteIds.Bytes32(transactionHash, "transactionHash");
        var wait = waitSeconds ?? 0;
        if (wait < 0 || wait > options.Value.MaxOperationWaitSeconds)
        {
            throw ApiProblemException.BadRequest(ProblemCodes.InvalidArgument, $"waitSeconds must be between 0 and {options.Value.MaxOperationWaitSeconds}.");
        }

        var status = wait == 0
            ? await tracker.GetAsync(hash, cancellationToken)
            : await tracker.WaitAsync(hash, TimeSpan.FromSeconds(wait), cancellationToken);
        return status is null
            ? throw ApiProblemException.NotFound(ProblemCodes.OperationUnknown, $"The chain knows no transaction {hash}.")
            : TypedResults.Ok(status);
    }
}
