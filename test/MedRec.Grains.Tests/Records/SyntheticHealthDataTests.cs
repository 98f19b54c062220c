using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Validation;
using MedRec.Grains.Records.Synthetic;

namespace MedRec.Grains.Tests.Records;

public sealed partial class SyntheticHealthDataTests
{
    private static readonly DateTimeOffset Reference = new(2026, 11, 25, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public void The_same_seed_and_reference_date_give_the_same_resources()
    {
        Assert.Equal(Json(new SyntheticHealthData(42, Reference)), Json(new SyntheticHealthData(42, Reference)));
    }

    [Fact]
    public void Another_seed_or_reference_date_gives_other_resources()
    {
        var baseline = Json(new SyntheticHealthData(42, Reference));

        Assert.NotEqual(baseline, Json(new SyntheticHealthData(43, Reference)));
        Assert.NotEqual(baseline, Json(new SyntheticHealthData(42, Reference.AddDays(1))));
    }

    [Fact]
    public void A_patient_does_not_depend_on_how_many_are_asked_for()
    {
        var data = new SyntheticHealthData(7, Reference);

        Assert.Equal(data.Patients(3), data.Patients(10).Take(3));
        Assert.Equal(data.Patient(9), data.Patients(10)[9]);
        Assert.Equal(Json(data, data.Patient(2), 1, 15), Json(new SyntheticHealthData(7, Reference), data.Patients(5)[2], 1, 15));
    }

    [Fact]
    public void Patients_have_distinct_ids_names_and_plausible_birth_dates()
    {
        var patients = new SyntheticHealthData(1, Reference).Patients(200);

        Assert.Equal(200, patients.Select(p => p.Id).Distinct().Count());
        Assert.True(patients.Select(p => p.DisplayName).Distinct().Count() > 150, "display names repeat too often");
        Assert.All(patients, p =>
        {
            Assert.Matches(FhirId(), p.Id);
            Assert.Equal($"Patient/{p.Id}", p.Reference);
            Assert.InRange(Reference.Year - p.BirthDate.Year, 18, 91);
            Assert.Contains(p.Gender, new[] { "female", "male" });
        });
        Assert.InRange(patients.Count(p => p.ChronicPain), 20, 90);
    }

    [Fact]
    public void Every_resource_serializes_to_FHIR_R4_JSON_that_parses_back_strictly_and_validates()
    {
        Assert.NotEmpty(new Observation().Validate(ModelInfo.ModelInspector)); // the validator does see a missing status and code
        var data = new SyntheticHealthData(11, Reference);
        var serializer = new FhirJsonSerializer();
        foreach (var resource in All(data, patients: 10, providers: 3, perProvider: 40))
        {
            Assert.Empty(resource.Validate(ModelInfo.ModelInspector));
            var json = serializer.SerializeToString(resource);

            var parsed = FhirJsonDeserializer.STRICT.DeserializeResource(json);

            Assert.Equal(resource.TypeName, parsed.TypeName);
            Assert.True(resource.IsExactly(parsed), $"{resource.TypeName}/{resource.Id} changed in a JSON round trip");
        }
    }

    [Fact]
    public void Records_have_the_asked_count_unique_ids_the_placeholder_subject_and_dates_before_the_reference_date()
    {
        var data = new SyntheticHealthData(12, Reference);
        var patient = data.Patient(4);

        var records = data.RecordsFor(patient, providerIndex: 2, count: 60).ToList();

        Assert.Equal(60, records.Count);
        Assert.IsType<Encounter>(records[0]);
        Assert.Equal(60, records.Select(r => r.Id).Distinct().Count());
        Assert.All(records, r => Assert.Matches(FhirId(), r.Id));
        Assert.All(records, r => Assert.StartsWith($"{patient.Id}-p2-", r.Id));
        Assert.All(records, r => Assert.Equal(patient.Reference, Subject(r)));
        var encounters = records.OfType<Encounter>().Select(e => $"Encounter/{e.Id}").ToHashSet();
        Assert.All(records.Where(r => r is not Encounter), r => Assert.Contains(EncounterOf(r)!, encounters));
        Assert.All(records, r => Assert.InRange(When(r), Reference.AddYears(-3).AddDays(-1), Reference));
    }

    [Fact]
    public void Records_cover_encounters_diagnoses_vital_signs_labs_and_prescriptions_with_their_codes_and_categories()
    {
        var records = All(new SyntheticHealthData(13, Reference), patients: 20, providers: 3, perProvider: 30).ToList();

        var conditions = records.OfType<Condition>().ToList();
        Assert.NotEmpty(records.OfType<Encounter>());
        Assert.NotEmpty(conditions);
        Assert.All(conditions, c =>
        {
            Assert.Contains(c.Code!.Coding, x => x.System == CodeSystems.Snomed);
            Assert.Contains(c.Code!.Coding, x => x.System == CodeSystems.Icd10Cm);
            Assert.Single(c.Category);
        });

        var observations = records.OfType<Observation>().ToList();
        Assert.All(observations, o => Assert.IsType<FhirDateTime>(o.Effective));
        var vitals = Codes(observations.Where(o => Category(o.Category) == "vital-signs").Select(o => o.Code));
        Assert.Equal(new[] { "29463-7", "8310-5", "85354-9", "8867-4" }, vitals);
        var labs = Codes(observations.Where(o => Category(o.Category) == "laboratory").Select(o => o.Code));
        Assert.Equal(new[] { "2093-3", "2345-7", "4548-4" }, labs);
        Assert.All(observations.Where(o => o.Code!.Coding[0].Code == "85354-9"), o =>
            Assert.Equal(new[] { "8462-4", "8480-6" }, Codes(o.Component.Select(c => c.Code!))));
        Assert.All(observations.Where(o => o.Code!.Coding[0].Code != "85354-9"), o =>
            Assert.Equal(CodeSystems.Ucum, Assert.IsType<Quantity>(o.Value).System));

        var prescriptions = records.OfType<MedicationRequest>().ToList();
        Assert.All(prescriptions, m =>
        {
            Assert.False(string.IsNullOrEmpty(m.AuthoredOn));
            Assert.Equal(CodeSystems.RxNorm, Assert.IsType<CodeableConcept>(m.Medication).Coding[0].System);
            Assert.Single(m.Category);
        });
    }

    [Fact]
    public void Opioids_are_prescribed_and_mostly_to_chronic_pain_patients()
    {
        var data = new SyntheticHealthData(14, Reference);
        var patients = data.Patients(40);
        var opioidsByPatient = patients.ToDictionary(
            p => p,
            p => Enumerable.Range(0, 3).SelectMany(provider => data.RecordsFor(p, provider, 40))
                .OfType<MedicationRequest>()
                .Count(m => m.Medication is CodeableConcept c && c.Coding.Any(x => OpioidRxNorm.IsOpioid(x.System, x.Code))));

        Assert.True(opioidsByPatient.Values.Sum() > 20, $"only {opioidsByPatient.Values.Sum()} opioid prescriptions");
        var perPainPatient = opioidsByPatient.Where(p => p.Key.ChronicPain).Average(p => p.Value);
        var perOtherPatient = opioidsByPatient.Where(p => !p.Key.ChronicPain).Average(p => p.Value);
        Assert.True(perPainPatient > 3 * perOtherPatient, $"{perPainPatient:F1} opioid prescriptions per chronic pain patient vs {perOtherPatient:F1}");
        var prescribed = opioidsByPatient.Keys.SelectMany(p => Enumerable.Range(0, 3).SelectMany(provider => data.RecordsFor(p, provider, 40)))
            .OfType<MedicationRequest>().SelectMany(m => ((CodeableConcept)m.Medication!).Coding).Select(c => c.Code!).ToHashSet();
        Assert.Superset(OpioidRxNorm.Codes.ToHashSet(), prescribed);
    }

    [Fact]
    public void The_opioid_code_set_is_the_RxNorm_ingredients_of_the_six_opioids()
    {
        Assert.Equal(["7804", "5489", "7052", "4337", "10689", "2670"], OpioidRxNorm.Codes);
        Assert.Equal(["oxycodone", "hydrocodone", "morphine", "fentanyl", "tramadol", "codeine"], OpioidRxNorm.Ingredients.Select(i => i.Display));
        Assert.True(OpioidRxNorm.IsOpioid(CodeSystems.RxNorm, "7804"));
        Assert.False(OpioidRxNorm.IsOpioid("http://snomed.info/sct", "7804"));
        Assert.False(OpioidRxNorm.IsOpioid(CodeSystems.RxNorm, "161"));
        Assert.DoesNotContain(SyntheticCatalog.NonOpioids, n => OpioidRxNorm.Codes.Contains(n.Code));
    }

    [Fact]
    public void Provider_names_are_deterministic()
    {
        Assert.Equal(new SyntheticHealthData(3, Reference).ProviderName(5), new SyntheticHealthData(3, Reference).ProviderName(5));
        Assert.NotEqual(new SyntheticHealthData(3, Reference).ProviderName(5), new SyntheticHealthData(3, Reference).ProviderName(6));
    }

    private static IEnumerable<Resource> All(SyntheticHealthData data, int patients, int providers, int perProvider) =>
        data.Patients(patients).SelectMany(p => Enumerable.Range(0, providers).SelectMany(provider => data.RecordsFor(p, provider, perProvider)));

    private static string Json(SyntheticHealthData data) => string.Join("\n",
        data.Patients(5).Select(p => p.ToString())
            .Concat(All(data, patients: 5, providers: 2, perProvider: 25).Select(r => new FhirJsonSerializer().SerializeToString(r))));

    private static string Json(SyntheticHealthData data, SyntheticPatient patient, int provider, int count) =>
        string.Join("\n", data.RecordsFor(patient, provider, count).Select(r => new FhirJsonSerializer().SerializeToString(r)));

    private static string? Category(List<CodeableConcept> categories) => categories.Single().Coding.Single().Code;

    private static string[] Codes(IEnumerable<CodeableConcept> concepts) =>
        [.. concepts.Select(c => c.Coding.Single().Code!).Distinct().Order(StringComparer.Ordinal)];

    private static string? Subject(Resource resource) => resource switch
    {
        Encounter e => e.Subject!.Reference,
        Condition c => c.Subject!.Reference,
        Observation o => o.Subject!.Reference,
        MedicationRequest m => m.Subject!.Reference,
        _ => null,
    };

    private static string? EncounterOf(Resource resource) => resource switch
    {
        Condition c => c.Encounter!.Reference,
        Observation o => o.Encounter!.Reference,
        MedicationRequest m => m.Encounter!.Reference,
        _ => null,
    };

    private static DateTimeOffset When(Resource resource) => resource switch
    {
        Encounter e => e.Period!.EndElement!.ToDateTimeOffset(TimeSpan.Zero),
        Condition c => new FhirDateTime(c.RecordedDate).ToDateTimeOffset(TimeSpan.Zero),
        Observation o => ((FhirDateTime)o.Effective!).ToDateTimeOffset(TimeSpan.Zero),
        MedicationRequest m => new FhirDateTime(m.AuthoredOn).ToDateTimeOffset(TimeSpan.Zero),
        _ => throw new ArgumentOutOfRangeException(nameof(resource)),
    };

    [GeneratedRegex("^[A-Za-z0-9\\-\\.]{1,64}$")]
    private static partial Regex FhirId();
}
