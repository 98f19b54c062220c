using System.Text.Json;

namespace MedRec.Cli;

/// <summary>The FHIR R4 resources of a JSON file: a Bundle's entries, an array of resources, or one resource. Only the
/// shape is checked here; the API validates the resources themselves (invalid-fhir).</summary>
internal static class FhirResourceFile
{
    public static async Task<IReadOnlyList<string>> ReadAsync(string path, CancellationToken ct)
    {
        if (!File.Exists(path)) throw new CliError($"--file: no file at '{path}'.");
        JsonDocument document;
        try
        {
            await using var stream = File.OpenRead(path);
            document = await JsonDocument.ParseAsync(stream, cancellationToken: ct);
        }
        catch (JsonException error)
        {
            throw new CliError($"--file '{path}' is not JSON: {error.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            var resources = root.ValueKind switch
            {
                JsonValueKind.Array => root.EnumerateArray().ToList(),
                JsonValueKind.Object when ResourceType(root) == "Bundle" => root.TryGetProperty("entry", out var entries) && entries.ValueKind == JsonValueKind.Array
                    ? entries.EnumerateArray().Select(entry => entry.TryGetProperty("resource", out var resource) ? resource : default).ToList()
                    : [],
                JsonValueKind.Object => [root],
                _ => throw new CliError($"--file '{path}' must hold a FHIR resource, an array of resources or a Bundle."),
            };
            if (resources.Count == 0) throw new CliError($"--file '{path}' holds no resources.");
            for (var i = 0; i < resources.Count; i++)
            {
                if (resources[i].ValueKind != JsonValueKind.Object || ResourceType(resources[i]) is null)
                {
                    throw new CliError($"--file '{path}': resource {i + 1} has no resourceType.");
                }
            }

            return [.. resources.Select(resource => resource.GetRawText())];
        }
    }

    private static string? ResourceType(JsonElement element) =>
        element.TryGetProperty("resourceType", out var type) && type.ValueKind == JsonValueKind.String ? type.GetString() : null;
}
