namespace MedRec.Grains.Signing;

/// <summary>A signed access request was refused before any access decision; <see cref="Code"/> is one of
/// <see cref="AccessRequestRejectionCodes"/>.</summary>
public sealed class AccessRequestRejectedException : Exception
{
    public AccessRequestRejectedException(string code, string message)
        : base(message) => Code = code;

    public AccessRequestRejectedException(string code, string message, Exception innerException)
        : base(message, innerException) => Code = code;

    public string Code { get; }
}
