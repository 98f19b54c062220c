namespace MedRec.Grains.Records;

/// <summary>A pointer query outside the closed query language; <see cref="Code"/> is one of <see cref="QueryRejectionCodes"/>.</summary>
public sealed class QueryRejectedException : Exception
{
    public QueryRejectedException(string code, string message)
        : base(message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        Code = code;
    }

    /// <summary>The stable reason, e.g. <c>query-unsupported-parameter</c>.</summary>
    public string Code { get; }
}
