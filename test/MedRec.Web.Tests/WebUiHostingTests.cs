using System.Net;
using System.Text.Json;

namespace MedRec.Web.Tests;

/// <summary>Host.Api serves the built UI next to the API on one origin, with a CSP that keeps foreign code away from
/// the keys in the page's storage, and without swallowing unknown API routes.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WebUiHostingTests(BrowserWorld world)
{
    [Fact]
    public async Task The_root_serves_the_app_with_a_same_origin_content_security_policy()
    {
        Prerequisites.RequireBuiltUi();
        using var http = new HttpClient { BaseAddress = world.BaseAddress };

        using var response = await http.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<div id=\"app\">", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("no-cache", response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task Fingerprinted_assets_are_cached_for_good()
    {
        Prerequisites.RequireBuiltUi();
        var asset = Directory.GetFiles(Path.Combine(RepositoryPaths.Web, "dist", "assets"), "*.js").First();
        using var http = new HttpClient { BaseAddress = world.BaseAddress };

        using var response = await http.GetAsync($"/assets/{Path.GetFileName(asset)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("immutable", response.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_api_route_stays_a_problem_not_the_app()
    {
        using var http = new HttpClient { BaseAddress = world.BaseAddress };

        using var response = await http.GetAsync("/api/no-such-route");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("not-found", problem.RootElement.GetProperty("code").GetString());
    }

    [Fact]
    public void Without_a_build_no_root_is_found()
    {
        var empty = Directory.CreateTempSubdirectory("medrec-web-empty-").FullName;
        try
        {
            Assert.Null(WebUiPaths(configured: null, empty));
            Assert.Null(WebUiPaths(configured: Path.Combine(empty, "dist"), empty));
            Assert.Equal(Path.Combine(RepositoryPaths.Web, "dist"), WebUiPaths(configured: null, RepositoryPaths.Root));
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    private static string? WebUiPaths(string? configured, string start) => Host.Api.WebUi.WebUiExtensions.FindRoot(configured, start);
}
