using System.Net;
using System.Text.Json;
using MedRec.Host.Api.OpenApi;
using MedRec.Host.Api.Signing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MedRec.Host.Api.Tests;

/// <summary>The OpenAPI document lists every endpoint and declares the signed headers exactly where an endpoint
/// requires a signature; the interactive page is served.</summary>
public sealed class OpenApiTests : IAsyncLifetime
{
    private static readonly string[] FourHeaders =
    [
        SignedHeaders.SignerHeader, SignedHeaders.NonceHeader,
        SignedHeaders.ExpiresHeader, SignedHeaders.SignatureHeader,
    ];

    private LoopbackApp? _app;

    private LoopbackApp App => _app ?? throw new InvalidOperationException("not started");

    public async Task InitializeAsync() => _app = await LoopbackApp.StartAsync(
        new Dictionary<string, string?>(),
        builder => builder.AddMedRecOpenApi(),
        app =>
        {
            app.MapGet("/api/participants/{address}", (string address) => TypedResults.Ok(address)).WithName("GetParticipant");
            app.MapGet("/api/patients/{patient}/history", (string patient) => TypedResults.Ok(patient))
                .WithName("ReadHistory").RequireSignature(SignedRequestShape.AccessRequest);
            var patients = app.MapGroup("/api/patients/{patient}").RequireSignature(SignedRequestShape.ApiRequest);
            patients.MapPost("/grants", (string patient) => TypedResults.Accepted($"/api/operations/{patient}")).WithName("GrantViewer");
            app.MapMedRecOpenApi();
        });

    public async Task DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
    }

    [Fact]
    public async Task The_document_lists_every_endpoint_with_the_signed_headers_only_where_required()
    {
        using var response = await App.Http.GetAsync(OpenApiExtensions.DocumentPath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("MedRec API", document.GetProperty("info").GetProperty("title").GetString());
        var paths = document.GetProperty("paths");
        Assert.Equal(
            ["/api/participants/{address}", "/api/patients/{patient}/grants", "/api/patients/{patient}/history"],
            paths.EnumerateObject().Select(p => p.Name).Order());

        Assert.Empty(HeaderParameters(paths.GetProperty("/api/participants/{address}").GetProperty("get")));

        var history = paths.GetProperty("/api/patients/{patient}/history").GetProperty("get");
        AssertSignedHeaders(history, SignedHeaders.PurposeHeader);
        Assert.Equal("^(treatment|payment|operations|research|emergency|patient-request)$",
            HeaderParameters(history)[SignedHeaders.PurposeHeader].GetProperty("schema").GetProperty("pattern").GetString());
        Assert.Contains("AccessRequest", history.GetProperty("description").GetString());

        var grant = paths.GetProperty("/api/patients/{patient}/grants").GetProperty("post");
        AssertSignedHeaders(grant);
        Assert.Contains("ApiRequest", grant.GetProperty("description").GetString());
    }

    [Fact]
    public async Task The_interactive_page_is_served()
    {
        using var response = await App.Http.GetAsync(OpenApiExtensions.InteractivePath);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("MedRec API", await response.Content.ReadAsStringAsync());
    }

    private static void AssertSignedHeaders(JsonElement operation, params string[] more)
    {
        var headers = HeaderParameters(operation);
        Assert.Equal(FourHeaders.Concat(more).Order(), headers.Keys.Order());
        Assert.All(headers.Values, h => Assert.True(h.GetProperty("required").GetBoolean()));
        Assert.Equal("^0x[0-9a-fA-F]{40}$", headers[SignedHeaders.SignerHeader].GetProperty("schema").GetProperty("pattern").GetString());
    }

    private static Dictionary<string, JsonElement> HeaderParameters(JsonElement operation) =>
        operation.TryGetProperty("parameters", out var parameters)
            ? parameters.EnumerateArray().Where(p => p.GetProperty("in").GetString() == "header").ToDictionary(p => p.GetProperty("name").GetString()!)
            : [];
}
