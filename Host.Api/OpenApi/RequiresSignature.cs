namespace MedRec.Host.Api.OpenApi;

/// <summary>
/// Endpoint metadata: the endpoint takes a signed request (the MedRec-Signer/-Nonce/-Expires/-Signature headers), so
/// the OpenAPI document declares those headers on it. Attach it with <c>.RequireSignature(shape)</c> on an endpoint or
/// a route group, or as an attribute on the handler.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class | AttributeTargets.Delegate, AllowMultiple = false)]
public sealed class RequiresSignature(SignedRequestShape shape) : Attribute
{
    public SignedRequestShape Shape { get; } = shape;
}
