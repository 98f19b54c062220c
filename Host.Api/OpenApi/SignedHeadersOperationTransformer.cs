using MedRec.Grains.Abstractions.Access;
using MedRec.Host.Api.Signing;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace MedRec.Host.Api.OpenApi;

/// <summary>Declares the four signed-request headers (and a record read's purpose header), required, on every operation whose endpoint carries
/// <see cref="RequiresSignature"/>; an interactive client then shows the fields to fill in.</summary>
public sealed class SignedHeadersOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        // The last one wins, as with other endpoint metadata: a route group's shape can be overridden per endpoint.
        if (context.Description.ActionDescriptor.EndpointMetadata.OfType<RequiresSignature>().LastOrDefault() is not { } signature)
        {
            return Task.CompletedTask;
        }

        var signed = signature.Shape == SignedRequestShape.AccessRequest
            ? "the EIP-712 AccessRequest (asker = signer; patient, provider and pointer from the route)"
            : "the EIP-712 ApiRequest (signer, method, path with query, keccak-256 of the body, nonce, expiry)";
        operation.Parameters ??= [];
        operation.Parameters.Add(Header(SignedHeaders.SignerHeader, "The asker's address.", "^0x[0-9a-fA-F]{40}$"));
        operation.Parameters.Add(Header(SignedHeaders.NonceHeader, "A fresh random 32-byte value; a nonce is accepted once.", "^0x[0-9a-fA-F]{64}$"));
        operation.Parameters.Add(Header(SignedHeaders.ExpiresHeader, "Unix seconds after which the request is refused (at most MedRec:Gatekeeper:MaxLifetime ahead).", "^[0-9]{1,20}$"));
        operation.Parameters.Add(Header(SignedHeaders.SignatureHeader, $"The 65-byte signature of {signed}, in the MedRec domain (version 1, chain id, PPR contract).", "^0x[0-9a-fA-F]{130}$"));
        if (signature.Shape == SignedRequestShape.AccessRequest)
        {
            operation.Parameters.Add(Header(SignedHeaders.PurposeHeader, "Why the asker reads, signed as the AccessRequest's purpose (docs/adr/0012-purpose-of-use.md).",
                "^(" + string.Join("|", Purposes.All.Select(p => p.ToWire())) + ")$"));
        }

        operation.Description = string.IsNullOrEmpty(operation.Description)
            ? $"Signed as {signature.Shape}."
            : $"{operation.Description}\n\nSigned as {signature.Shape}.";
        return Task.CompletedTask;
    }

    private static OpenApiParameter Header(string name, string description, string pattern) => new()
    {
        Name = name,
        In = ParameterLocation.Header,
        Required = true,
        Description = description,
        Schema = new OpenApiSchema { Type = JsonSchemaType.String, Pattern = pattern },
    };
}
