using MedRec.ChainIndexer.Chain;
using MedRec.Host.Api.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MedRec.Host.Api.Apis;

public static class DeploymentApi
{
    public static IEndpointRouteBuilder MapDeploymentApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api").WithTags("Deployment")
            .MapGet("/deployment", GetDeployment)
            .WithName("GetDeployment")
            .WithSummary("The chain id and contract addresses a client needs to sign requests (public).");
        return routes;
    }

    public static Ok<DeploymentInfo> GetDeployment(Deployment deployment) => TypedResults.Ok(new DeploymentInfo(
        deployment.ChainId, deployment.Contracts.Registrar.ToLowerInvariant(), deployment.Contracts.Summary.ToLowerInvariant(),
        deployment.Contracts.Relationships.ToLowerInvariant(), deployment.DeploymentBlock));
}
