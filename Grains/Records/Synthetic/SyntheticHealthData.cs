using Bogus;
using Hl7.Fhir.Model;

namespace MedRec.Grains.Records.Synthetic;

/// <summary>
/// Seeded synthetic FHIR R4 health records for N providers x M patients: encounters, conditions (SNOMED CT + ICD-10-CM),
/// vital-sign and laboratory observations (LOINC, UCUM) and medication requests (RxNorm, opioids among them).
/// Everything is a function of the seed, the reference date and the indexes asked for: the same arguments give the
/// same resources (ids, codes, values, dates) in any process, and patient i is the same whatever count is asked for.
/// Dates lie in the three years before the reference date; nothing reads the clock.
/// </summary>
public sealed class SyntheticHealthData
{
    private const int HistoryDays = 3 * 365;

    public SyntheticHealthData(int seed, DateTimeOffset referenceDate)
    {
        Seed = seed;
        ReferenceDate = new DateTimeOffset(referenceDate.Ticks - referenceDate.Ticks % TimeSpan.TicksPerSecond, referenceDate.Offset);
    }

    public int Seed { get; }

    /// <summary>"Now" for the generated history (whole seconds).</summary>
    public DateTimeOffset ReferenceDate { get; }

    /// <summary>Patients 0 .. count-1.</summary>
    public IReadOnlyList<SyntheticPatient> Patients(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return [.. Enumerable.Range(0, count).Select(Patient)];
    }

    /// <summary>Patient <paramref name="index"/>.</summary>
    public SyntheticPatient Patient(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        var faker = NewFaker(Stream.Patient, index);
        var female = faker.Random.Bool();
        var gender = female ? Bogus.DataSets.Name.Gender.Female : Bogus.DataSets.Name.Gender.Male;
        var name = $"{faker.Name.FirstName(gender)} {faker.Name.LastName(gender)}";
        var birth = DateOnly.FromDateTime(ReferenceDate.UtcDateTime).AddDays(-faker.Random.Int(18 * 365, 90 * 365));
        var chronicPain = faker.Random.Bool(0.25f);
        return new SyntheticPatient(index, $"syn-{(uint)Seed:x8}-{index}", name, female ? "female" : "male", birth, chronicPain);
    }

    /// <summary>A display name for provider <paramref name="providerIndex"/> (demo screens only).</summary>
    public string ProviderName(int providerIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(providerIndex);
        var faker = NewFaker(Stream.Provider, providerIndex);
        var kind = faker.PickRandom("Hospital", "Medical Center", "Family Clinic", "Health Partners", "Community Clinic");
        return $"{faker.Address.City()} {kind}";
    }

    /// <summary>
    /// <paramref name="count"/> records of <paramref name="patient"/> at provider <paramref name="providerIndex"/>:
    /// the first is an encounter, and every other record belongs to the latest encounter before it. Ids are
    /// "{patient id}-p{provider}-{n}", unique per patient and provider; subjects are <see cref="SyntheticPatient.Reference"/>.
    /// </summary>
    public IEnumerable<Resource> RecordsFor(SyntheticPatient patient, int providerIndex, int count)
    {
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentOutOfRangeException.ThrowIfNegative(providerIndex);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return Generate(patient, providerIndex, count);
    }

    private IEnumerable<Resource> Generate(SyntheticPatient patient, int providerIndex, int count)
    {
        var random = NewFaker(Stream.Records, patient.Index, providerIndex).Random;
        var problems = ProblemList(patient);
        Encounter? encounter = null;
        var encounterStart = ReferenceDate;
        for (var n = 0; n < count; n++)
        {
            var id = $"{patient.Id}-p{providerIndex}-{n}";
            if (encounter is null || random.Bool(0.15f))
            {
                encounterStart = ReferenceDate.AddDays(-random.Int(1, HistoryDays)).AddMinutes(-random.Int(0, 10 * 60));
                encounter = NewEncounter(random, patient, id, encounterStart, ReferenceDate);
                yield return encounter;
                continue;
            }

            var at = encounterStart.AddMinutes(random.Int(5, 50));
            var roll = random.Double();
            yield return roll switch
            {
                < 0.40 => NewVitalSign(random, patient, id, encounter, at),
                < 0.55 => NewLab(random, patient, problems, id, encounter, at),
                < 0.75 => NewCondition(random, patient, problems, id, encounter, at),
                _ => NewMedicationRequest(random, patient, problems, id, encounter, at),
            };
        }
    }

    /// <summary>The patient's own diagnoses, the same at every provider.</summary>
    private IReadOnlyList<ConditionCode> ProblemList(SyntheticPatient patient)
    {
        var random = NewFaker(Stream.Problems, patient.Index).Random;
        var problems = SyntheticCatalog.Conditions
            .Where(c => c.Chronic && !c.Pain && random.Bool(0.2f))
            .ToList();
        if (patient.ChronicPain)
        {
            var pain = SyntheticCatalog.Conditions.Where(c => c.Pain).ToList();
            problems.AddRange(random.ListItems(pain, random.Int(1, 2)));
        }

        return problems;
    }

    private static Encounter NewEncounter(
        Randomizer random, SyntheticPatient patient, string id, DateTimeOffset start, DateTimeOffset referenceDate)
    {
        var (type, @class) = random.ListItem(SyntheticCatalog.EncounterTypes.ToList());
        var end = @class.Code == "IMP" ? start.AddDays(random.Int(1, 6)) : start.AddMinutes(random.Int(15, 90));
        if (end > referenceDate) end = referenceDate; // an admission still under way ends "now"

        return new Encounter
        {
            Id = id,
            Status = Encounter.EncounterStatus.Finished,
            Class = @class.ToCoding(),
            Type = [Concept(type)],
            Subject = new ResourceReference(patient.Reference),
            Period = new Period(new FhirDateTime(start), new FhirDateTime(end)),
        };
    }

    private static Observation NewVitalSign(Randomizer random, SyntheticPatient patient, string id, Encounter encounter, DateTimeOffset at)
    {
        var observation = NewObservation(patient, id, encounter, at, "vital-signs", "Vital Signs");
        switch (random.Int(0, 3))
        {
            case 0:
                observation.Code = Concept(SyntheticCatalog.HeartRate);
                observation.Value = Measure(random.Int(52, 112), "beats/minute", "/min");
                break;
            case 1:
                observation.Code = Concept(SyntheticCatalog.BloodPressurePanel);
                var systolic = random.Int(100, 168);
                observation.Component =
                [
                    new Observation.ComponentComponent { Code = Concept(SyntheticCatalog.SystolicBloodPressure), Value = Measure(systolic, "mmHg", "mm[Hg]") },
                    new Observation.ComponentComponent { Code = Concept(SyntheticCatalog.DiastolicBloodPressure), Value = Measure(random.Int(58, Math.Min(systolic - 25, 104)), "mmHg", "mm[Hg]") },
                ];
                break;
            case 2:
                observation.Code = Concept(SyntheticCatalog.BodyWeight);
                observation.Value = Measure(Math.Round(random.Decimal(48m, 128m), 1), "kg", "kg");
                break;
            default:
                observation.Code = Concept(SyntheticCatalog.BodyTemperature);
                observation.Value = Measure(Math.Round(random.Decimal(36.0m, 38.9m), 1), "Cel", "Cel");
                break;
        }

        return observation;
    }

    private static Observation NewLab(
        Randomizer random, SyntheticPatient patient, IReadOnlyList<ConditionCode> problems, string id, Encounter encounter, DateTimeOffset at)
    {
        var observation = NewObservation(patient, id, encounter, at, "laboratory", "Laboratory");
        var diabetic = problems.Any(p => p.Icd10.Code == "E11.9");
        switch (random.Int(0, 2))
        {
            case 0:
                observation.Code = Concept(SyntheticCatalog.HemoglobinA1c);
                observation.Value = Measure(Math.Round(diabetic ? random.Decimal(6.5m, 10.5m) : random.Decimal(4.6m, 6.2m), 1), "%", "%");
                break;
            case 1:
                observation.Code = Concept(SyntheticCatalog.Glucose);
                observation.Value = Measure(diabetic ? random.Int(120, 260) : random.Int(70, 125), "mg/dL", "mg/dL");
                break;
            default:
                observation.Code = Concept(SyntheticCatalog.Cholesterol);
                observation.Value = Measure(random.Int(135, 290), "mg/dL", "mg/dL");
                break;
        }

        return observation;
    }

    private static Observation NewObservation(
        SyntheticPatient patient, string id, Encounter encounter, DateTimeOffset at, string category, string categoryDisplay) => new()
    {
        Id = id,
        Status = ObservationStatus.Final,
        Category = [new CodeableConcept(CodeSystems.ObservationCategory, category, categoryDisplay, categoryDisplay)],
        Subject = new ResourceReference(patient.Reference),
        Encounter = new ResourceReference($"Encounter/{encounter.Id}"),
        Effective = new FhirDateTime(at),
    };

    private Condition NewCondition(
        Randomizer random, SyntheticPatient patient, IReadOnlyList<ConditionCode> problems, string id, Encounter encounter, DateTimeOffset at)
    {
        // Mostly the patient's own chronic problems; now and then an acute diagnosis anyone can get.
        var acute = SyntheticCatalog.Conditions.Where(c => !c.Chronic).ToList();
        var condition = problems.Count > 0 && random.Bool(0.7f) ? random.ListItem(problems.ToList()) : random.ListItem(acute);
        var resolved = !condition.Chronic && at.AddDays(28) < ReferenceDate && random.Bool(0.8f);
        return new Condition
        {
            Id = id,
            ClinicalStatus = new CodeableConcept(CodeSystems.ConditionClinical, resolved ? "resolved" : "active", resolved ? "Resolved" : "Active", null),
            VerificationStatus = new CodeableConcept(CodeSystems.ConditionVerification, "confirmed", "Confirmed", null),
            Category =
            [
                condition.Chronic
                    ? new CodeableConcept(CodeSystems.ConditionCategory, "problem-list-item", "Problem List Item", "Problem List Item")
                    : new CodeableConcept(CodeSystems.ConditionCategory, "encounter-diagnosis", "Encounter Diagnosis", "Encounter Diagnosis"),
            ],
            Code = new CodeableConcept
            {
                Coding = [condition.Snomed.ToCoding(), condition.Icd10.ToCoding()],
                Text = condition.Snomed.Display,
            },
            Subject = new ResourceReference(patient.Reference),
            Encounter = new ResourceReference($"Encounter/{encounter.Id}"),
            Onset = new FhirDateTime(condition.Chronic ? at.AddDays(-random.Int(30, 3 * 365)) : at),
            RecordedDate = new FhirDateTime(at).Value,
            Abatement = resolved ? new FhirDateTime(at.AddDays(random.Int(7, 28))) : null,
        };
    }

    private MedicationRequest NewMedicationRequest(
        Randomizer random, SyntheticPatient patient, IReadOnlyList<ConditionCode> problems, string id, Encounter encounter, DateTimeOffset at)
    {
        var painful = patient.ChronicPain || problems.Any(p => p.Pain);
        var opioid = random.Bool(painful ? 0.45f : 0.06f);
        var medication = opioid ? random.ListItem(OpioidRxNorm.Ingredients.ToList()) : random.ListItem(SyntheticCatalog.NonOpioids.ToList());
        var category = encounter.Class?.Code switch
        {
            "IMP" => ("discharge", "Discharge"),
            "EMER" => ("outpatient", "Outpatient"),
            _ => ("community", "Community"),
        };
        var days = opioid ? random.Int(3, 30) : random.Int(10, 90);
        return new MedicationRequest
        {
            Id = id,
            Status = at.AddDays(days) < ReferenceDate ? MedicationRequest.MedicationrequestStatus.Completed : MedicationRequest.MedicationrequestStatus.Active,
            Intent = MedicationRequest.MedicationRequestIntent.Order,
            Category = [new CodeableConcept(CodeSystems.MedicationRequestCategory, category.Item1, category.Item2, category.Item2)],
            Medication = Concept(medication),
            Subject = new ResourceReference(patient.Reference),
            Encounter = new ResourceReference($"Encounter/{encounter.Id}"),
            AuthoredOn = new FhirDateTime(at).Value,
            DosageInstruction = [new Dosage { Text = opioid ? "1 tablet by mouth every 6 hours as needed for pain" : "1 tablet by mouth daily" }],
            DispenseRequest = new MedicationRequest.DispenseRequestComponent
            {
                ExpectedSupplyDuration = new Duration { Value = days, Unit = "days", System = CodeSystems.Ucum, Code = "d" },
            },
        };
    }

    private static CodeableConcept Concept(ClinicalCode code) => new(code.System, code.Code, code.Display, code.Display);

    private static Quantity Measure(decimal value, string unit, string ucum) =>
        new() { Value = value, Unit = unit, System = CodeSystems.Ucum, Code = ucum };

    private Faker NewFaker(Stream stream, int index, int subIndex = 0) =>
        new("en") { Random = new Randomizer(Mix(Seed, (int)stream, index, subIndex)) };

    /// <summary>A stable 31-bit seed from the parts (splitmix64 steps; unlike HashCode, the same in every process).</summary>
    private static int Mix(params ReadOnlySpan<int> parts)
    {
        var state = 0x9E3779B97F4A7C15UL;
        foreach (var part in parts)
        {
            state ^= (uint)part;
            state += 0x9E3779B97F4A7C15UL;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            state = z ^ (z >> 31);
        }

        return (int)(state & int.MaxValue);
    }

    private enum Stream
    {
        Patient = 1,
        Provider = 2,
        Problems = 3,
        Records = 4,
    }
}
