using Hl7.Fhir.Model;

namespace MedRec.IntegrationTests.Access;

/// <summary>A few plain FHIR resources for access tests: vital signs, a lab result and a condition.</summary>
public static class TestRecords
{
    public static IReadOnlyList<Resource> Some(int vitals = 3)
    {
        var start = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        var records = new List<Resource>();
        for (var i = 0; i < vitals; i++)
        {
            records.Add(Observation("vital-signs", "8867-4", "Heart rate", 60 + i, "/min", start.AddDays(i)));
        }

        records.Add(Observation("laboratory", "4548-4", "Hemoglobin A1c", 6.1m, "%", start.AddDays(10)));
        records.Add(new Condition
        {
            Id = Guid.NewGuid().ToString("n"),
            ClinicalStatus = new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-clinical", "active"),
            Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/condition-category", "problem-list-item")],
            Code = new CodeableConcept("http://snomed.info/sct", "44054006", "Diabetes mellitus type 2"),
            Subject = new ResourceReference("Patient/placeholder"),
            RecordedDate = start.AddDays(10).ToString("yyyy-MM-dd"),
        });
        return records;
    }

    private static Observation Observation(string category, string loinc, string display, decimal value, string unit, DateTimeOffset at) => new()
    {
        Id = Guid.NewGuid().ToString("n"),
        Status = ObservationStatus.Final,
        Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", category)],
        Code = new CodeableConcept("http://loinc.org", loinc, display),
        Subject = new ResourceReference("Patient/placeholder"),
        Effective = new FhirDateTime(at),
        Value = new Quantity(value, unit),
    };
}
