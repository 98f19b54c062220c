using System.Text.Json;
using MedRec.Grains.Abstractions.Access;
using MedRec.Host.Api.OpenApi;
using MedRec.Host.Api.Signing;

namespace MedRec.IntegrationTests.Api;

/// <summary>The API host's own OpenAPI document: every route of docs/adr/0004-http-api.md and nothing else, with the
/// four signed headers declared on exactly the routes that take a signed request (and the purpose header on the
/// AccessRequest ones), named with the shape they sign.</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiDocumentTests(ApiFixture world)
{
    private static readonly (string Method, string Path, SignedRequestShape? Signed)[] Adr0004Routes =
    [
        ("post", "/api/patients", SignedRequestShape.ApiRequest),
        ("post", "/api/providers", SignedRequestShape.ApiRequest),
        ("post", "/api/researchers", SignedRequestShape.ApiRequest),
        ("get", "/api/participants/{address}", null),
        ("get", "/api/patients/{patient}/summary", SignedRequestShape.ApiRequest),
        ("post", "/api/patients/{patient}/relationships/{provider}/accept", SignedRequestShape.ApiRequest),
        ("post", "/api/patients/{patient}/relationships/{provider}/reject", SignedRequestShape.ApiRequest),
        ("get", "/api/patients/{patient}/grants", SignedRequestShape.ApiRequest),
        ("post", "/api/patients/{patient}/grants", SignedRequestShape.ApiRequest),
        ("delete", "/api/patients/{patient}/grants/{provider}/{pointerId}/{viewer}", SignedRequestShape.ApiRequest),
        ("put", "/api/patients/{patient}/research-consent", SignedRequestShape.ApiRequest),
        ("post", "/api/patients/{patient}/records", SignedRequestShape.ApiRequest),
        ("post", "/api/providers/{provider}/records", SignedRequestShape.ApiRequest),
        ("get", "/api/providers/{provider}/patients/{patient}", SignedRequestShape.ApiRequest),
        ("get", "/api/patients/{patient}/providers/{provider}/pointers/{pointerId}", SignedRequestShape.AccessRequest),
        ("get", "/api/patients/{patient}/providers/{provider}/records", SignedRequestShape.AccessRequest),
        ("get", "/api/patients/{patient}/history", SignedRequestShape.AccessRequest),
        ("get", "/api/patients/{patient}/audit", SignedRequestShape.AccessRequest),
        ("get", "/api/patients/{patient}/access-view", SignedRequestShape.AccessRequest),
        ("get", "/api/patients/{patient}/audit/{entryId}/proof", SignedRequestShape.AccessRequest),
        ("get", "/api/providers/{provider}/alerts", SignedRequestShape.ApiRequest),
        ("post", "/api/providers/{provider}/emergency-access", SignedRequestShape.ApiRequest),
        ("get", "/api/patients/{patient}/emergency-access", SignedRequestShape.ApiRequest),
        ("delete", "/api/patients/{patient}/emergency-access/{provider}", SignedRequestShape.ApiRequest),
        ("post", "/api/research/queries", SignedRequestShape.ApiRequest),
        ("get", "/api/operations/{transactionHash}", null),
        ("get", "/api/deployment", null),
    ];

    private static readonly string[] FourHeaders =
    [
        SignedHeaders.SignerHeader, SignedHeaders.NonceHeader,
        SignedHeaders.ExpiresHeader, SignedHeaders.SignatureHeader,
    ];

    [Fact]
    public async Task The_document_holds_every_route_of_adr_0004_with_the_signed_headers_where_a_route_is_signed()
    {
        using var http = new HttpClient { BaseAddress = world.BaseAddress };
        var document = JsonDocument.Parse(await http.GetStringAsync(OpenApiExtensions.DocumentPath.TrimStart('/'))).RootElement;

        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(op => (Method: op.Name, Path: path.Name, Operation: op.Value)))
            .ToList();
        Assert.Equal(Adr0004Routes.Select(r => $"{r.Method} {r.Path}").Order(), operations.Select(o => $"{o.Method} {o.Path}").Order());

        foreach (var (method, path, signed) in Adr0004Routes)
        {
            var operation = operations.Single(o => o.Method == method && o.Path == path).Operation;
            var headers = operation.TryGetProperty("parameters", out var parameters)
                ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "header").Select(p => p.GetProperty("name").GetString()).ToList()
                : [];
            if (signed is { } shape)
            {
                // A record read (AccessRequest) also declares its purpose (docs/adr/0012-purpose-of-use.md).
                var expected = shape == SignedRequestShape.AccessRequest ? [.. FourHeaders, SignedHeaders.PurposeHeader] : FourHeaders;
                Assert.True(expected.Order().SequenceEqual(headers.Order()), $"{method} {path} declares [{string.Join(", ", headers)}], not [{string.Join(", ", expected)}]");
                Assert.Contains($"Signed as {shape}.", operation.GetProperty("description").GetString());
            }
            else
            {
                Assert.True(headers.Count == 0, $"{method} {path} is public but declares [{string.Join(", ", headers)}]");
            }
        }
    }

    [Fact]
    public async Task The_document_describes_a_grants_purposes_as_an_array_of_purpose_names()
    {
        using var http = new HttpClient { BaseAddress = world.BaseAddress };
        var document = JsonDocument.Parse(await http.GetStringAsync(OpenApiExtensions.DocumentPath.TrimStart('/'))).RootElement;
        var schemas = document.GetProperty("components").GetProperty("schemas");

        foreach (var owner in new[] { "GrantInfo", "GrantView" })
        {
            var purposes = schemas.GetProperty(owner).GetProperty("properties").GetProperty("purposes");
            if (purposes.TryGetProperty("$ref", out var reference)) purposes = schemas.GetProperty(reference.GetString()!.Split('/')[^1]);
            Assert.True(purposes.GetProperty("type").GetString() == "array", $"{owner}.purposes is {purposes}");
            Assert.Equal(Purposes.All.Select(p => p.ToWire()),
                purposes.GetProperty("items").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        }
    }
}
