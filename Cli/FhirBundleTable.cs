using System.Text.Json;
using Spectre.Console;

namespace MedRec.Cli;

/// <summary>A FHIR Bundle as a table of its resources: type, id, what (the code's text or first display) and when.</summary>
internal static class FhirBundleTable
{
    public static Table Build(string title, IEnumerable<string> bundlesJson)
    {
        var table = new Table().Title(Markup.Escape(title)).AddColumn("type").AddColumn("id").AddColumn("what").AddColumn("when");
        foreach (var bundleJson in bundlesJson)
        {
            using var bundle = JsonDocument.Parse(bundleJson);
            if (!bundle.RootElement.TryGetProperty("entry", out var entries) || entries.ValueKind != JsonValueKind.Array) continue;
            foreach (var entry in entries.EnumerateArray())
            {
                if (!entry.TryGetProperty("resource", out var resource)) continue;
                table.AddRow(Markup.Escape(Text(resource, "resourceType")), Markup.Escape(Text(resource, "id")), Markup.Escape(What(resource)), Markup.Escape(When(resource)));
            }
        }

        return table;
    }

    private static string What(JsonElement resource)
    {
        foreach (var name in new[] { "code", "medicationCodeableConcept", "vaccineCode", "type" })
        {
            if (!resource.TryGetProperty(name, out var concept)) continue;
            if (concept.ValueKind == JsonValueKind.Array) concept = concept.EnumerateArray().FirstOrDefault();
            if (concept.ValueKind != JsonValueKind.Object) continue;
            if (Text(concept, "text") is { Length: > 0 } text) return text;
            if (concept.TryGetProperty("coding", out var codings) && codings.ValueKind == JsonValueKind.Array
                && codings.EnumerateArray().Select(c => Text(c, "display")).FirstOrDefault(d => d.Length > 0) is { } display)
            {
                return display;
            }
        }

        return "";
    }

    private static string When(JsonElement resource)
    {
        foreach (var name in new[] { "effectiveDateTime", "recordedDate", "authoredOn", "occurrenceDateTime", "onsetDateTime", "issued" })
        {
            if (Text(resource, name) is { Length: > 0 } value) return DateOnly(value);
        }

        return resource.TryGetProperty("period", out var period) ? DateOnly(Text(period, "start")) : "";
    }

    /// <summary>The day of a FHIR dateTime: enough to tell records apart in a table.</summary>
    private static string DateOnly(string dateTime) => dateTime.Length > 10 ? dateTime[..10] : dateTime;

    private static string Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
}
