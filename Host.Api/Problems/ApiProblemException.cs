namespace MedRec.Host.Api.Problems;

/// <summary>An error the API answers as ProblemDetails with <see cref="Status"/> and the stable <see cref="Code"/>
/// (one of <see cref="ProblemCodes"/>); <see cref="Extensions"/> become extension members.</summary>
public sealed class ApiProblemException(int status, string code, string detail, IReadOnlyDictionary<string, object?>? extensions = null)
    : Exception(detail)
{
    public int Status { get; } = status;
    public string Code { get; } = code;
    public IReadOnlyDictionary<string, object?> Extensions { get; } = extensions ?? new Dictionary<string, object?>();

    public static ApiProblemException BadRequest(string code, string detail) => new(StatusCodes.Status400BadRequest, code, detail);

    public static ApiProblemException NotFound(string code, string detail) => new(StatusCodes.Status404NotFound, code, detail);
}
