namespace MedRec.Grains.Records;

/// <summary>A FHIR resource as a provider stores it: its search columns and its JSON.</summary>
public sealed record StoredRecord(
    string ResourceType,
    string Id,
    string LocalPatientId,
    string? Category,
    string? CodeSystem,
    string? Code,
    DateTimeOffset? Effective,
    string Json);
