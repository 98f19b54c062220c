namespace MedRec.Web.Tests;

/// <summary>Where the repository's web/ folder is, found upwards from the test's output directory.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Web => Path.Combine(Root, "web");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MedRec.Orleans.sln"))) return directory.FullName;
        }

        throw new InvalidOperationException($"No MedRec.Orleans.sln above {AppContext.BaseDirectory}.");
    }
}
