using Hl7.Fhir.Model;

namespace MedRec.IntegrationTests.Records;

/// <summary>A small, fixed set of FHIR resources for one patient, varied where stores could differ: instants with
/// offsets and sub-microsecond digits, equal instants (ordered by id), no instant (first), decimals whose precision
/// matters, non-ASCII text and characters that need escaping.</summary>
public static class SampleRecords
{
    public const string Loinc = "http://loinc.org";
    public const string Snomed = "http://snomed.info/sct";
    public const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
    public const string VitalSigns = "vital-signs";
    public const string Laboratory = "laboratory";

    public static IReadOnlyList<Resource> All() =>
    [
        Observation("obs-hr-1", VitalSigns, Loinc, "8867-4", "2024-01-10T08:00:00+01:00", 72m),
        Observation("obs-hr-2", VitalSigns, Loinc, "8867-4", "2024-02-10T08:00:00Z", 75.50m),
        Observation("obs-hr-3", VitalSigns, Loinc, "8867-4", "2024-03-10T23:59:59.9999999Z", 80m),
        Observation("obs-bw-1", VitalSigns, Loinc, "29463-7", "2024-02-10T08:00:00Z", 70.10m), // same instant as obs-hr-2
        Observation("obs-glu-1", Laboratory, Loinc, "2339-0", "2024-02-15T12:30:00.5-05:00", 5.4000m),
        Observation("obs-glu-2", Laboratory, "http://example.org/local-codes", "2339-0", "2024-04-01", 123456789.123456789012345m),
        Observation("obs-note", Laboratory, Loinc, "8302-2", effective: null, value: 1m, note: "patient said: \"it's fine\"\tcafé ☕ 😀 line\nbreak"),
        new Condition
        {
            Id = "cond-1",
            ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"),
            Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item")],
            Code = new CodeableConcept(Snomed, "44054006", "Diabetes mellitus type 2"),
            Onset = new FhirDateTime("2023-11"),
        },
        new MedicationRequest
        {
            Id = "med-1",
            Status = MedicationRequest.MedicationrequestStatus.Active,
            Intent = MedicationRequest.MedicationRequestIntent.Order,
            Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/medicationrequest-category", "outpatient")],
            Medication = new CodeableConcept(RxNorm, "1049621", "oxycodone 5 MG Oral Tablet"),
            AuthoredOn = "2024-02-20T09:15:00Z",
        },
        new Encounter
        {
            Id = "enc-1",
            Status = Encounter.EncounterStatus.Finished,
            Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"),
            Type = [new CodeableConcept(Snomed, "185349003")],
            Period = new Period { Start = "2024-02-10T07:45:00Z", End = "2024-02-10T08:30:00Z" },
        },
    ];

    public static Observation Observation(string id, string category, string system, string code, string? effective, decimal value, string? note = null)
    {
        var observation = new Observation
        {
            Id = id,
            Status = ObservationStatus.Final,
            Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", category)],
            Code = new CodeableConcept(system, code),
            Effective = effective is null ? null : new FhirDateTime(effective),
            Value = new Quantity(value, "1"),
        };
        if (note is not null) observation.Note = [new Annotation { Text = note }];
        return observation;
    }
}
