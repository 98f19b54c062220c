using System.Text.Json;

namespace MedRec.Host.Api.Contracts;

/// <summary>POST /api/patients/{patient}/records: patient-reported FHIR R4 resources (symptoms, wearable readings).</summary>
public sealed record PatientRecordsRequest(IReadOnlyList<JsonElement> Resources);
