using System.Net;

namespace MedRec.Host.Api.Client;

/// <summary>The API answered 4xx/5xx: <see cref="Code"/> is the ProblemDetails' stable code (Host.Api/Problems/ProblemCodes.cs);
/// <see cref="Reason"/> the gatekeeper's reason or the contract's custom error when the answer carries one.</summary>
public sealed class MedRecApiException(HttpStatusCode status, string code, string? detail, string? reason, string body)
    : Exception($"{(int)status} {code}: {detail}")
{
    public HttpStatusCode Status { get; } = status;
    public string Code { get; } = code;
    public string? Detail { get; } = detail;

    /// <summary>The <c>reason</c> (gatekeeper denial, rejected query) or <c>error</c> (chain revert) extension member.</summary>
    public string? Reason { get; } = reason;

    /// <summary>The raw problem+json body.</summary>
    public string Body { get; } = body;
}
