namespace MedRec.Host.Api.Tests.Deployment;

/// <summary>The Dockerfiles checked statically (no container runtime here): what they copy from the build context (the
/// repository root) exists and is not excluded by .dockerignore, and each image runs as a non-root user.</summary>
public sealed class DockerfileTests
{
    public static TheoryData<string> Dockerfiles() =>
        [.. Directory.EnumerateFiles(Path.Combine(DeployTree.Root, "docker"), "*.Dockerfile").Select(f => Path.GetFileName(f)).Order()];

    [Theory]
    [MemberData(nameof(Dockerfiles))]
    public void Every_path_copied_from_the_build_context_exists_and_the_image_runs_as_a_non_root_user(string dockerfile)
    {
        var repository = Path.GetDirectoryName(DeployTree.Root)!;
        var lines = File.ReadAllLines(Path.Combine(DeployTree.Root, "docker", dockerfile)).Select(l => l.Trim()).ToList();
        var ignored = File.ReadAllLines(Path.Combine(repository, ".dockerignore"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();

        var copies = lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from=", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(copies);
        foreach (var copy in copies)
        {
            var parts = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var source in parts[1..^1])
            {
                var path = Path.Combine(repository, source.TrimEnd('/'));
                Assert.True(File.Exists(path) || Directory.Exists(path), $"{dockerfile}: COPY {source}: not in the repository");
                Assert.DoesNotContain(ignored, pattern => pattern.TrimEnd('/') == source.TrimEnd('/'));
            }
        }

        // The last stage is the image: it must switch away from root, and to the aspnet images' app user.
        var finalStage = lines.FindLastIndex(l => l.StartsWith("FROM ", StringComparison.Ordinal));
        Assert.Contains("USER $APP_UID", lines.Skip(finalStage));
        Assert.StartsWith("FROM mcr.microsoft.com/dotnet/", lines[finalStage], StringComparison.Ordinal);
    }
}
