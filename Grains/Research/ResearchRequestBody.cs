using System.Text.Json;
using MedRec.Grains.Records;

namespace MedRec.Grains.Research;

/// <summary>The body of <c>POST /api/research/queries</c>: <c>{"query": "&lt;research query&gt;"}</c>, nothing else.</summary>
public static class ResearchRequestBody
{
    /// <exception cref="QueryRejectedException">query-malformed: not that JSON object.</exception>
    public static string QueryOf(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.EnumerateObject().Count() == 1
                && root.TryGetProperty("query", out var query)
                && query.ValueKind == JsonValueKind.String)
            {
                return query.GetString()!;
            }
        }
        catch (JsonException)
        {
        }

        throw new QueryRejectedException(QueryRejectionCodes.Malformed, "The body must be a JSON object with one member, \"query\", a string.");
    }
}
