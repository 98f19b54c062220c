using MedRec.Host.Api.Problems;

namespace MedRec.Host.Api.Apis;

/// <summary>The error answers every route of an area may give, declared once per group so the OpenAPI document lists
/// them (each a ProblemDetails carrying a code of <see cref="ProblemCodes"/>).</summary>
public static class ProblemMetadata
{
    private static readonly int[] Statuses =
    [
        StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
        StatusCodes.Status404NotFound, StatusCodes.Status409Conflict, StatusCodes.Status413PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status500InternalServerError,
    ];

    public static RouteGroupBuilder WithMedRecProblems(this RouteGroupBuilder group)
    {
        foreach (var status in Statuses) group.ProducesProblem(status);
        return group;
    }
}
