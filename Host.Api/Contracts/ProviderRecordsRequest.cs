using System.Text.Json;

namespace MedRec.Host.Api.Contracts;

/// <summary>POST /api/providers/{provider}/records: FHIR R4 resources about one patient, stored by the provider.</summary>
public sealed record ProviderRecordsRequest(string Patient, IReadOnlyList<JsonElement> Resources);
