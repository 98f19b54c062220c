using System.Text;
using System.Text.Json;

namespace MedRec.Grains.Access;

/// <summary>
/// Writes FHIR R4 Bundles around records that are already FHIR JSON, without re-parsing them: the bytes returned are
/// the bytes that were hashed.
/// </summary>
public static class FhirBundles
{
    public const string EmptySearchSet = """{"resourceType":"Bundle","type":"searchset","total":0,"entry":[]}""";

    /// <summary>A searchset Bundle of one pointer's records, in result order. <paramref name="parsedAlready"/>: every
    /// record is known to be JSON (the data hash parsed it), so it is copied without parsing it once more.</summary>
    public static string SearchSet(IReadOnlyList<string> resourceJson, bool parsedAlready = false) => Write("searchset", resourceJson.Count,
        resourceJson.Select(json => (FullUrl: (string?)null, Json: json)), validate: !parsedAlready);

    /// <summary>A collection Bundle of records from many providers; each entry's fullUrl is
    /// <c>urn:medrec:&lt;provider&gt;:&lt;n&gt;</c> so a reader can tell where it came from.</summary>
    public static string Collection(IEnumerable<(string Provider, string Json)> records)
    {
        var list = records.ToList();
        return Write("collection", null, list.Select((r, i) => (FullUrl: (string?)$"urn:medrec:{r.Provider}:{i}", r.Json)), validate: true);
    }

    /// <summary>As <see cref="Collection"/>, for records taken from Bundles by <see cref="Resources"/>, which parsed
    /// them: they are copied without parsing them once more.</summary>
    public static string CollectionOfParsed(IEnumerable<(string Provider, string Json)> records)
    {
        var list = records.ToList();
        return Write("collection", null, list.Select((r, i) => (FullUrl: (string?)$"urn:medrec:{r.Provider}:{i}", r.Json)), validate: false);
    }

    private static string Write(string type, int? total, IEnumerable<(string? FullUrl, string Json)> entries, bool validate)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("resourceType", "Bundle");
            writer.WriteString("type", type);
            if (total is { } count) writer.WriteNumber("total", count);
            writer.WriteStartArray("entry");
            foreach (var (fullUrl, json) in entries)
            {
                writer.WriteStartObject();
                if (fullUrl is not null) writer.WriteString("fullUrl", fullUrl);
                writer.WritePropertyName("resource");
                writer.WriteRawValue(json, skipInputValidation: !validate);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The resources of a Bundle written by this class, as raw JSON, in order.</summary>
    public static IReadOnlyList<string> Resources(string bundleJson)
    {
        using var document = JsonDocument.Parse(bundleJson);
        return document.RootElement.GetProperty("entry").EnumerateArray()
            .Select(entry => entry.GetProperty("resource").GetRawText()).ToList();
    }
}
