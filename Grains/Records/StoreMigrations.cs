using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;

namespace MedRec.Grains.Records;

/// <summary>The embedded migrations of Records/Migrations/&lt;kind&gt;/NNNN-name.sql, numbered 1, 2, 3 ... per kind.</summary>
public static class StoreMigrations
{
    private const string ResourcePrefix = "MedRec.Grains.Records.Migrations.";

    private static readonly Lazy<FrozenDictionary<ProviderStoreKind, IReadOnlyList<StoreMigration>>> All = new(Load);

    /// <summary>The migrations of one kind of store, in apply order.</summary>
    public static IReadOnlyList<StoreMigration> For(ProviderStoreKind kind) =>
        All.Value.TryGetValue(kind, out var migrations)
            ? migrations
            : throw new ArgumentOutOfRangeException(nameof(kind), kind, "No migrations are embedded for this kind of store.");

    private static FrozenDictionary<ProviderStoreKind, IReadOnlyList<StoreMigration>> Load()
    {
        var assembly = typeof(StoreMigrations).Assembly;
        var result = new Dictionary<ProviderStoreKind, IReadOnlyList<StoreMigration>>();
        foreach (var kind in Enum.GetValues<ProviderStoreKind>())
        {
            var prefix = $"{ResourcePrefix}{kind}.";
            var migrations = assembly.GetManifestResourceNames()
                .Where(name => name.StartsWith(prefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
                .Select(name => LoadOne(assembly, name, name[prefix.Length..]))
                .OrderBy(migration => migration.Version)
                .ToList();
            if (migrations.Count == 0 || migrations.Select((m, i) => m.Version != i + 1).Any(gap => gap))
            {
                throw new InvalidOperationException(
                    $"The {kind} store migrations must be numbered 1, 2, 3 ... without gaps; found: {string.Join(", ", migrations.Select(m => m.Name))}.");
            }

            result[kind] = migrations;
        }

        return result.ToFrozenDictionary();
    }

    private static StoreMigration LoadOne(Assembly assembly, string resourceName, string fileName)
    {
        var dash = fileName.IndexOf('-', StringComparison.Ordinal);
        if (dash <= 0 || !int.TryParse(fileName.AsSpan(0, dash), out var version))
        {
            throw new InvalidOperationException($"Migration {fileName} is not named NNNN-description.sql.");
        }

        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new InvalidOperationException($"Resource {resourceName} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        // A CRLF checkout must give the checksum an LF checkout gives.
        var sql = reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
        return new StoreMigration(version, fileName, sql, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sql))));
    }
}
