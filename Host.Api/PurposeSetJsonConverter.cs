using System.Text.Json;
using System.Text.Json.Serialization;
using MedRec.Grains.Abstractions.Access;

namespace MedRec.Host.Api;

/// <summary>A <see cref="PurposeSet"/> on the wire: the array of its purposes' wire names in bit order
/// (<c>["treatment","payment"]</c>), not the flags enum's comma-joined member names
/// (docs/adr/0012-purpose-of-use.md).</summary>
public sealed class PurposeSetJsonConverter : JsonConverter<PurposeSet>
{
    public override PurposeSet Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("A purpose set is an array of purpose names.");
        var set = PurposeSet.None;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var name = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            if (!Purposes.TryParse(name, out var purpose)) throw new JsonException($"'{name}' is not a purpose.");
            set |= purpose.ToSet();
        }

        return set;
    }

    public override void Write(Utf8JsonWriter writer, PurposeSet value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var name in value.ToWire()) writer.WriteStringValue(name);
        writer.WriteEndArray();
    }
}
