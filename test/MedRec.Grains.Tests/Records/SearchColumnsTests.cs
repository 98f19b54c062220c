using Hl7.Fhir.Model;
using MedRec.Grains.Records;

namespace MedRec.Grains.Tests.Records;

public sealed class SearchColumnsTests
{
    private static readonly DateTimeOffset March = new(2024, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public static TheoryData<Resource, SearchColumns> Resources => new()
    {
        {
            new Observation
            {
                Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs")],
                Code = new CodeableConcept { Coding = [new Coding("http://loinc.org", null), new Coding("http://loinc.org", "8867-4")] },
                Effective = new FhirDateTime("2024-03-01T10:00:00+02:00"),
                Issued = March.AddDays(1),
            },
            new SearchColumns("vital-signs", "http://loinc.org", "8867-4", March)
        },
        { new Observation { Code = new CodeableConcept("http://loinc.org", "1"), Issued = March }, new SearchColumns(null, "http://loinc.org", "1", March) },
        { new Observation { Effective = new Period { Start = "2024-03-01T08:00:00Z" } }, new SearchColumns(null, null, null, March) },
        {
            new Condition { Category = [new CodeableConcept("http://x", "problem-list-item")], Code = new CodeableConcept("http://snomed.info/sct", "44054006"), Onset = new FhirDateTime("2024-03"), RecordedDate = "2025-01-01" },
            new SearchColumns("problem-list-item", "http://snomed.info/sct", "44054006", new DateTimeOffset(2024, 3, 1, 0, 0, 0, TimeSpan.Zero))
        },
        { new Condition { Onset = new FhirString("childhood"), RecordedDate = "2024-03-01T08:00:00Z" }, new SearchColumns(null, null, null, March) },
        {
            new MedicationRequest { Category = [new CodeableConcept("http://x", "outpatient")], Medication = new CodeableConcept("http://www.nlm.nih.gov/research/umls/rxnorm", "1049621"), AuthoredOn = "2024-03-01T08:00:00Z" },
            new SearchColumns("outpatient", "http://www.nlm.nih.gov/research/umls/rxnorm", "1049621", March)
        },
        { new MedicationRequest { Medication = new ResourceReference("Medication/m1") }, new SearchColumns(null, null, null, null) },
        {
            new Encounter { Class = new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB"), Type = [new CodeableConcept("http://snomed.info/sct", "185349003")], Period = new Period { Start = "2024-03-01T08:00:00Z" } },
            new SearchColumns("AMB", "http://snomed.info/sct", "185349003", March)
        },
        {
            new AllergyIntolerance { Category = [AllergyIntolerance.AllergyIntoleranceCategory.Medication], Code = new CodeableConcept("http://snomed.info/sct", "387207008"), RecordedDate = "2024-03-01T08:00:00Z" },
            new SearchColumns("medication", "http://snomed.info/sct", "387207008", March)
        },
        {
            new Procedure { Category = new CodeableConcept("http://snomed.info/sct", "387713003"), Code = new CodeableConcept("http://snomed.info/sct", "80146002"), Performed = new Period { Start = "2024-03-01T08:00:00Z" } },
            new SearchColumns("387713003", "http://snomed.info/sct", "80146002", March)
        },
        {
            new DiagnosticReport { Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/v2-0074", "LAB")], Code = new CodeableConcept("http://loinc.org", "58410-2"), Effective = new FhirDateTime("2024-03-01T08:00:00Z") },
            new SearchColumns("LAB", "http://loinc.org", "58410-2", March)
        },
        {
            new Immunization { VaccineCode = new CodeableConcept("http://hl7.org/fhir/sid/cvx", "140"), Occurrence = new FhirDateTime("2024-03-01T08:00:00.0000019Z") },
            new SearchColumns(null, "http://hl7.org/fhir/sid/cvx", "140", March.AddTicks(10))
        },
    };

    [Theory]
    [MemberData(nameof(Resources))]
    public void Fills_the_columns_from_the_documented_elements(Resource resource, SearchColumns expected)
    {
        Assert.Equal(expected, SearchColumns.Extract(resource));
    }

    [Fact]
    public void Points_the_patient_or_subject_at_the_local_patient()
    {
        foreach (var resource in new Resource[]
                 {
                     new Observation(), new Condition(), new MedicationRequest(), new Encounter(), new AllergyIntolerance(),
                     new Procedure(), new DiagnosticReport(), new Immunization { Patient = new ResourceReference("Patient/other") },
                 })
        {
            SearchColumns.AssignPatient(resource, "local-7");

            Assert.Contains("\"reference\":\"Patient/local-7\"", FhirJson.Serialize(resource), StringComparison.Ordinal);
            Assert.DoesNotContain("Patient/other", FhirJson.Serialize(resource), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Refuses_other_resource_types_and_overlong_codes()
    {
        Assert.Throws<NotSupportedException>(() => SearchColumns.Extract(new Patient()));
        Assert.Throws<NotSupportedException>(() => SearchColumns.AssignPatient(new Medication(), "p"));
        Assert.Throws<ArgumentException>(() => SearchColumns.Extract(new Condition { Code = new CodeableConcept("http://x", new string('1', SearchColumns.MaxCodeLength + 1)) }));
    }
}
