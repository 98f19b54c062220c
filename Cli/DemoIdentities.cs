using System.Text.Json;

namespace MedRec.Cli;

/// <summary>The identities file of the dev system (JSON, mode 600, git-ignored under .medrec/): written by the seed,
/// read by the API host's demo key store and by the CLI's --as.</summary>
public static class DemoIdentities
{
    public const string FileName = "demo-identities.json";
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string FileIn(string directory) => Path.Combine(directory, FileName);

    public static async Task WriteAsync(string path, IReadOnlyList<DemoIdentity> identities, CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.Delete(path);
        // Created with mode 600 rather than chmod-ed afterwards, so the keys are never readable by others, not even briefly.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        await using var file = new FileStream(path, options);
        await JsonSerializer.SerializeAsync(file, identities, Options, ct);
    }

    public static async Task<IReadOnlyList<DemoIdentity>> ReadAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            throw new CliError($"No identities file at '{path}'. Start the dev system (scripts/run.sh) or seed one (medrec seed).");
        }

        await using var file = File.OpenRead(path);
        try
        {
            return await JsonSerializer.DeserializeAsync<List<DemoIdentity>>(file, Options, ct)
                ?? throw new CliError($"The identities file '{path}' is empty.");
        }
        catch (JsonException error)
        {
            throw new CliError($"The identities file '{path}' is not a list of identities: {error.Message}");
        }
    }

    /// <summary>The one identity called <paramref name="nameOrAddress"/>: its name, its address, the role only it has
    /// ("certifier", "viewer"), or a unique start of its name (case-insensitive), so `--as anna` finds "Anna Smith".</summary>
    public static DemoIdentity Find(IReadOnlyList<DemoIdentity> identities, string nameOrAddress)
    {
        var wanted = nameOrAddress.Trim();
        var exact = identities.Where(i => string.Equals(i.Name, wanted, StringComparison.OrdinalIgnoreCase)
                                          || string.Equals(i.Address, wanted, StringComparison.OrdinalIgnoreCase)).ToList();
        if (exact.Count == 1) return exact[0];
        var byRole = identities.Where(i => string.Equals(i.Role, wanted, StringComparison.OrdinalIgnoreCase)).ToList();
        if (exact.Count == 0 && byRole.Count == 1) return byRole[0];
        var prefix = exact.Count > 1 ? exact : identities.Where(i => i.Name.StartsWith(wanted, StringComparison.OrdinalIgnoreCase)).ToList();
        return prefix.Count switch
        {
            1 => prefix[0],
            0 => throw new CliError($"No demo identity is called '{nameOrAddress}'. Known: {string.Join(", ", identities.Select(i => $"{i.Name} ({i.Role})"))}."),
            _ => throw new CliError($"'{nameOrAddress}' names {prefix.Count} demo identities ({string.Join(", ", prefix.Select(i => i.Name))}); give more of the name."),
        };
    }
}
