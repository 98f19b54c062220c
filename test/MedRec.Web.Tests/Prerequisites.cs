namespace MedRec.Web.Tests;

/// <summary>What the browser tests need on the machine; scripts/setup.sh installs all of it. A missing piece fails
/// the test with the command that fixes it rather than skipping it silently.</summary>
public static class Prerequisites
{
    public static string Chromium => Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";

    public static void RequireBrowserTooling()
    {
        Assert.True(File.Exists(Chromium), $"No Chromium at {Chromium}: run scripts/setup.sh (as root it runs `apt-get install -y chromium chromium-driver`).");
        Assert.True(Directory.Exists(Path.Combine(RepositoryPaths.Web, "node_modules", "playwright-core")),
            "web/node_modules has no playwright-core: run scripts/setup.sh (it runs `npm ci` in web/).");
        RequireBuiltUi();
    }

    public static void RequireBuiltUi() =>
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Web, "dist", "index.html")),
            "web/dist is not built: run scripts/setup.sh (it runs `npm ci && npm run build` in web/).");
}
