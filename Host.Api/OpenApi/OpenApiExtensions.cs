using MedRec.Grains.Abstractions.Access;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace MedRec.Host.Api.OpenApi;

/// <summary>The API's OpenAPI document at <c>/openapi/v1.json</c> (every minimal-API endpoint, with the signed headers
/// where an endpoint requires them) and the interactive Scalar page at <c>/scalar</c>.</summary>
public static class OpenApiExtensions
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string InteractivePath = "/scalar";

    public static TBuilder AddMedRecOpenApi<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOpenApi(DocumentName, options =>
        {
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "MedRec API",
                    Version = "1",
                    Description = "Decentralized health records: the chain says who may see what, providers keep the records. "
                        + "Signed requests carry MedRec-Signer, MedRec-Nonce, MedRec-Expires and MedRec-Signature (docs/adr/0004-http-api.md); "
                        + "errors are ProblemDetails with a stable code.",
                };
                return Task.CompletedTask;
            });
            options.AddOperationTransformer<SignedHeadersOperationTransformer>();
            // A purpose set travels as an array of purpose names (PurposeSetJsonConverter), not as the flags enum.
            options.AddSchemaTransformer((schema, context, _) =>
            {
                if (context.JsonTypeInfo.Type == typeof(PurposeSet))
                {
                    schema.Type = JsonSchemaType.Array;
                    schema.Enum = null;
                    schema.Format = null;
                    schema.Items = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Enum = Purposes.All.Select(p => (System.Text.Json.Nodes.JsonNode)p.ToWire()).ToList(),
                    };
                }

                return Task.CompletedTask;
            });
        });
        return builder;
    }

    /// <summary>Maps the document and the interactive page.</summary>
    public static IEndpointRouteBuilder MapMedRecOpenApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapOpenApi("/openapi/{documentName}.json");
        endpoints.MapScalarApiReference(InteractivePath, options => options.WithTitle("MedRec API"));
        return endpoints;
    }

    /// <summary>Marks an endpoint (or every endpoint of a group) as taking a signed request of <paramref name="shape"/>.</summary>
    public static TBuilder RequireSignature<TBuilder>(this TBuilder builder, SignedRequestShape shape) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiresSignature(shape));
}
