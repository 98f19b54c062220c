using System.Globalization;
using System.Text;
using System.Text.Json;
using Nethereum.Util;

namespace MedRec.Grains.Records;

/// <summary>
/// The data hash of a pointer: keccak-256 over the canonical form of its query's result, 0x-hex.
/// <para>The canonical form is the UTF-8 JSON array of the result's resources, in result order, each written as RFC 8785
/// (JCS) writes JSON: object members sorted by the UTF-16 code units of their names (ordinal), no whitespace, strings
/// with only '"', '\' and control characters escaped (\b \t \n \f \r, else \u00xx lowercase) and everything else as
/// UTF-8, literals as true/false/null. One departure, for FHIR: numbers keep their literal text. FHIR decimals carry
/// their precision in their digits (1.50 is not 1.5) and may have more digits than a double holds, so JCS's
/// re-serialization through IEEE doubles would make different values hash equal.</para>
/// <para>Whitespace, member order and string escapes of the stored JSON therefore do not change the hash; any change
/// of a name, value or record does. Because the stores hand back the text they were given, the same records hash
/// equal from PostgreSQL, SQLite and SQL Server.</para>
/// </summary>
public static class RecordHasher
{
    private static readonly JsonDocumentOptions ParseOptions = new()
    {
        AllowDuplicateProperties = false,
        AllowTrailingCommas = false,
        CommentHandling = JsonCommentHandling.Disallow,
        MaxDepth = 128,
    };

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>0x-hex keccak-256 of <see cref="CanonicalForm"/>.</summary>
    /// <exception cref="RecordCanonicalizationException">A record's JSON has no canonical form.</exception>
    public static string Hash(IEnumerable<StoredRecord> records) =>
        "0x" + Convert.ToHexStringLower(Sha3Keccack.Current.CalculateHash(CanonicalForm(records)));

    /// <summary>The bytes the hash covers: a JSON array of the records' canonical JSON, in the given order.</summary>
    /// <exception cref="RecordCanonicalizationException">A record's JSON has no canonical form.</exception>
    public static byte[] CanonicalForm(IEnumerable<StoredRecord> records)
    {
        ArgumentNullException.ThrowIfNull(records);
        var text = new StringBuilder("[");
        var first = true;
        foreach (var record in records)
        {
            if (!first) text.Append(',');
            first = false;
            AppendCanonical(text, record.Json, $"{record.ResourceType}/{record.Id}");
        }

        return Encode(text.Append(']'), "the result");
    }

    /// <summary>One JSON text in canonical form.</summary>
    /// <exception cref="RecordCanonicalizationException">Not JSON, duplicate member names, or invalid UTF-16 in a string.</exception>
    public static string CanonicalJson(string json)
    {
        var text = new StringBuilder();
        AppendCanonical(text, json, "the JSON");
        var canonical = text.ToString();
        Encode(text, "the JSON"); // refuses lone surrogates, as the hash would
        return canonical;
    }

    private static void AppendCanonical(StringBuilder text, string json, string what)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var document = JsonDocument.Parse(json, ParseOptions);
            Write(text, document.RootElement);
        }
        catch (JsonException error)
        {
            throw new RecordCanonicalizationException($"The JSON of {what} has no canonical form: {error.Message}", error);
        }
        catch (InvalidOperationException error)
        {
            // System.Text.Json refuses to unescape a lone surrogate (\ud800) into a string.
            throw new RecordCanonicalizationException($"The JSON of {what} has a string that is not valid UTF-16: {error.Message}", error);
        }
    }

    private static byte[] Encode(StringBuilder text, string what)
    {
        try
        {
            return StrictUtf8.GetBytes(text.ToString());
        }
        catch (EncoderFallbackException error)
        {
            throw new RecordCanonicalizationException($"The JSON of {what} has a string that is not valid UTF-16 (a lone surrogate).", error);
        }
    }

    private static void Write(StringBuilder text, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var members = element.EnumerateObject().Select(member => (member.Name, member.Value)).ToList();
                members.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
                text.Append('{');
                for (var i = 0; i < members.Count; i++)
                {
                    if (i > 0) text.Append(',');
                    WriteString(text, members[i].Name);
                    text.Append(':');
                    Write(text, members[i].Value);
                }

                text.Append('}');
                break;
            case JsonValueKind.Array:
                text.Append('[');
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (index++ > 0) text.Append(',');
                    Write(text, item);
                }

                text.Append(']');
                break;
            case JsonValueKind.String:
                WriteString(text, element.GetString()!);
                break;
            case JsonValueKind.Number:
                text.Append(element.GetRawText());
                break;
            case JsonValueKind.True:
                text.Append("true");
                break;
            case JsonValueKind.False:
                text.Append("false");
                break;
            case JsonValueKind.Null:
                text.Append("null");
                break;
            default:
                throw new RecordCanonicalizationException($"Unexpected JSON value kind {element.ValueKind}.");
        }
    }

    private static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\t': text.Append("\\t"); break;
                case '\n': text.Append("\\n"); break;
                case '\f': text.Append("\\f"); break;
                case '\r': text.Append("\\r"); break;
                case < ' ': text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: text.Append(c); break;
            }
        }

        text.Append('"');
    }
}
