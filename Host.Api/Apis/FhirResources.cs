using System.Text.Json;
using Hl7.Fhir.Model;
using MedRec.Grains.Records;
using MedRec.Host.Api.Problems;

namespace MedRec.Host.Api.Apis;

/// <summary>The FHIR resources of a record write, parsed strictly at the edge (400 invalid-fhir), so the chain writer
/// only ever receives valid R4 JSON.</summary>
public static class FhirResources
{
    /// <summary>The <c>meta.tag</c> that marks a patient-reported record (docs/adr/0004-http-api.md).</summary>
    public static readonly Coding PatientReportedTag = new("urn:medrec:record-source", "patient-reported", "Patient-reported");

    public const int MaxResources = 1000;

    /// <summary>Each resource as compact FHIR JSON; tagged as patient-reported when <paramref name="patientReported"/>.</summary>
    public static IReadOnlyList<string> Parse(IReadOnlyList<JsonElement>? resources, bool patientReported)
    {
        if (resources is null || resources.Count == 0) throw ApiProblemException.BadRequest(ProblemCodes.InvalidArgument, "resources is empty.");
        if (resources.Count > MaxResources) throw ApiProblemException.BadRequest(ProblemCodes.InvalidArgument, $"resources holds more than {MaxResources} entries.");
        var parsed = new List<string>(resources.Count);
        for (var i = 0; i < resources.Count; i++)
        {
            Resource resource;
            try
            {
                resource = FhirJson.Parse(resources[i].GetRawText());
            }
            catch (Exception error) when (error is Hl7.Fhir.Serialization.DeserializationFailedException or FormatException or ArgumentException)
            {
                throw ApiProblemException.BadRequest(ProblemCodes.InvalidFhir, $"resources[{i}] is not a valid FHIR R4 resource: {error.Message}");
            }

            if (patientReported)
            {
                resource.Meta ??= new Meta();
                resource.Meta.Tag.Add((Coding)PatientReportedTag.DeepCopy());
            }

            parsed.Add(FhirJson.Serialize(resource));
        }

        return parsed;
    }
}
