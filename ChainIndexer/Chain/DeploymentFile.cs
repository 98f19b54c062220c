using System.Text.Json;

namespace MedRec.ChainIndexer.Chain;

/// <summary>Reads and writes the deployment file (JSON) that the deployer produces and every host reads.</summary>
public static class DeploymentFile
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static async Task WriteAsync(string path, Deployment deployment, CancellationToken cancellationToken = default)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(deployment, Options), cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    public static async Task<Deployment> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No deployment file at '{path}'. Deploy the contracts first (medrec deploy).", path);
        }

        var deployment = JsonSerializer.Deserialize<Deployment>(await File.ReadAllTextAsync(path, cancellationToken), Options);
        return deployment ?? throw new InvalidDataException($"The deployment file '{path}' is empty.");
    }

    /// <summary>The synchronous form, for service factories that run once at start.</summary>
    public static Deployment Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No deployment file at '{path}'. Deploy the contracts first (medrec deploy).", path);
        }

        var deployment = JsonSerializer.Deserialize<Deployment>(File.ReadAllText(path), Options);
        return deployment ?? throw new InvalidDataException($"The deployment file '{path}' is empty.");
    }
}
