using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace MedRec.Host.Api.WebUi;

/// <summary>
/// Serves the built web front end (web/dist) from Host.Api, next to the API on one origin, so the browser's signed
/// requests need no CORS. The UI uses hash routes, so there is no SPA fallback: an unknown /api route stays a 404
/// ProblemDetails instead of becoming index.html.
/// </summary>
public static partial class WebUiExtensions
{
    // The UI loads only its own files and talks only to this origin; keys live in its localStorage, so no third-party
    // script, frame or form target may ever run beside it. Chart.js and Preact set element styles from script.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Serves <see cref="WebUiOptions.Root"/> at "/" (index.html as the default document) when it exists;
    /// logs and serves nothing when the front end was not built.</summary>
    public static WebApplication UseMedRecWebUi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Configuration.GetSection(WebUiOptions.Section).Get<WebUiOptions>() ?? new WebUiOptions();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(WebUiExtensions));
        if (!options.Enabled) return app;

        var root = FindRoot(options.Root, app.Environment.ContentRootPath, AppContext.BaseDirectory);
        if (root is null)
        {
            LogNotBuilt(logger, options.Root ?? "web/dist");
            return app;
        }

        var files = new PhysicalFileProvider(root);
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
                headers[HeaderNames.XContentTypeOptions] = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                // Vite fingerprints everything under assets/, so those never change; index.html must be re-checked to
                // pick up a new build.
                headers[HeaderNames.CacheControl] = context.File.PhysicalPath?.Contains($"{Path.DirectorySeparatorChar}assets{Path.DirectorySeparatorChar}",
                    StringComparison.Ordinal) == true ? "public, max-age=31536000, immutable" : "no-cache";
            },
        });
        LogServing(logger, root);
        return app;
    }

    /// <summary>The configured root, or the first web/dist with an index.html at or above one of <paramref name="starts"/>.</summary>
    public static string? FindRoot(string? configured, params string[] starts)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            var full = Path.GetFullPath(configured, starts.FirstOrDefault() ?? Directory.GetCurrentDirectory());
            return File.Exists(Path.Combine(full, "index.html")) ? full : null;
        }

        foreach (var start in starts)
        {
            for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "web", "dist");
                if (File.Exists(Path.Combine(candidate, "index.html"))) return candidate;
            }
        }

        return null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The web front end is not built ({Root} has no index.html): run `npm ci && npm run build` in web/; serving the API only")]
    private static partial void LogNotBuilt(ILogger logger, string root);

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving the web front end from {Root}")]
    private static partial void LogServing(ILogger logger, string root);
}
