using Xunit.Abstractions;

namespace MedRec.Web.Tests;

/// <summary>
/// The story of issue 6 clicked through the real UI in Debian's Chromium against the running system: physician adds
/// records, patient accepts, shares, viewer reads, patient revokes, viewer refused, an expired grant shown as expired,
/// patient-reported records, research consent, the audit trail, key export/import. The steps live in
/// web/tests/browser-story.mjs; screenshots go to web/test-results/browser-story.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class BrowserStoryTests(BrowserWorld world, ITestOutputHelper output)
{
    private static readonly TimeSpan StoryDeadline = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task The_whole_story_runs_in_the_browser_against_the_real_system()
    {
        var artifacts = Path.Combine(RepositoryPaths.Web, "test-results", "browser-story");
        if (Directory.Exists(artifacts)) Directory.Delete(artifacts, recursive: true);
        Prerequisites.RequireBrowserTooling();

        var result = await NodeScript.RunAsync(RepositoryPaths.Web, Path.Combine("tests", "browser-story.mjs"), new Dictionary<string, string>
        {
            ["MEDREC_URL"] = world.BaseAddress.ToString(),
            ["MEDREC_IDENTITIES"] = world.IdentitiesFile,
            ["MEDREC_ARTIFACTS"] = artifacts,
            ["CHROMIUM"] = Prerequisites.Chromium,
        }, StoryDeadline);
        output.WriteLine(result.Output);

        Assert.True(result.ExitCode == 0, $"The browser story failed (exit {result.ExitCode}); screenshots in {artifacts}.\n{result.Output}");
        Assert.Contains("0 failed", result.Output, StringComparison.Ordinal);
        foreach (var screenshot in new[] { "01-physician-added-records", "05-viewer-reads", "06-patient-revoked", "08-viewer-grant-expired", "10-patient-audit", "10b-patient-access-view", "12-patient-told-of-emergency-access" })
        {
            Assert.True(File.Exists(Path.Combine(artifacts, screenshot + ".png")), $"no screenshot {screenshot}.png in {artifacts}");
        }
    }
}
