using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace MedRec.Grains.Records;

/// <summary>FHIR R4 JSON as the provider stores write and read it (Firely SDK 6 POCO serializers, compact).</summary>
public static class FhirJson
{
    /// <summary>Compact FHIR JSON of a resource.</summary>
    public static string Serialize(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        return FhirJsonSerializer.Default.SerializeToString(resource);
    }

    /// <summary>Parses FHIR JSON (strictly: unknown elements and invalid values fail).</summary>
    /// <exception cref="DeserializationFailedException">Not a valid FHIR R4 resource.</exception>
    public static Resource Parse(string json)
    {
        ArgumentException.ThrowIfNullOrEmpty(json);
        return FhirJsonDeserializer.DEFAULT.DeserializeResource(json);
    }

    /// <summary>Parses FHIR JSON into a resource of type <typeparamref name="T"/>.</summary>
    public static T Parse<T>(string json) where T : Resource =>
        Parse(json) as T ?? throw new InvalidCastException($"The JSON is not a {typeof(T).Name}.");
}
