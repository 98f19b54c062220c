using System.Diagnostics;

namespace MedRec.IntegrationTests;

public sealed class ContractArtifactsTests
{
    [Fact]
    public async Task Committed_artifacts_equal_a_fresh_compile_with_the_pinned_solc()
    {
        var root = RepositoryRoot();
        var startInfo = new ProcessStartInfo("node")
        {
            WorkingDirectory = root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        startInfo.ArgumentList.Add("scripts/compile-contracts.mjs");
        startInfo.ArgumentList.Add("--check");

        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, $"compile-contracts --check exited {process.ExitCode}:\n{await stdout}\n{await stderr}");
        Assert.Contains("solc 0.8.30", await stdout);
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "MedRec.Orleans.sln"))) return dir.FullName;
        }

        throw new DirectoryNotFoundException("MedRec.Orleans.sln not found above the test binaries.");
    }
}
