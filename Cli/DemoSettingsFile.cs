using System.Text.Json;
using System.Text.Json.Nodes;

namespace MedRec.Cli;

/// <summary>Writes flat configuration keys ("MedRec:ProviderStores:0x..:Kind") as a nested appsettings-shaped JSON
/// file, which any .NET host reads with AddJsonFile.</summary>
internal static class DemoSettingsFile
{
    public static async Task WriteAsync(string path, IReadOnlyDictionary<string, string?> settings, CancellationToken ct)
    {
        var root = new JsonObject();
        foreach (var (key, value) in settings.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var node = root;
            var parts = key.Split(':');
            foreach (var part in parts[..^1])
            {
                if (node[part] is not JsonObject child) node[part] = child = new JsonObject();
                node = child;
            }

            node[parts[^1]] = value;
        }

        await File.WriteAllTextAsync(path, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }), ct);
    }
}
