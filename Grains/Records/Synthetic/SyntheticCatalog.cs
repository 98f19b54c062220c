namespace MedRec.Grains.Records.Synthetic;

/// <summary>The codes the synthetic records draw from: common primary-care diagnoses, vital signs and labs (LOINC),
/// and prescriptions (RxNorm ingredients), opioids among them.</summary>
public static class SyntheticCatalog
{
    public static readonly IReadOnlyList<ConditionCode> Conditions =
    [
        Condition("59621000", "Essential hypertension", "I10", "Essential (primary) hypertension", chronic: true),
        Condition("44054006", "Diabetes mellitus type 2", "E11.9", "Type 2 diabetes mellitus without complications", chronic: true),
        Condition("55822004", "Hyperlipidemia", "E78.5", "Hyperlipidemia, unspecified", chronic: true),
        Condition("195967001", "Asthma", "J45.909", "Unspecified asthma, uncomplicated", chronic: true),
        Condition("370143000", "Major depressive disorder", "F32.9", "Major depressive disorder, single episode, unspecified", chronic: true),
        Condition("10509002", "Acute bronchitis", "J20.9", "Acute bronchitis, unspecified", chronic: false),
        Condition("37796009", "Migraine", "G43.909", "Migraine, unspecified, not intractable, without status migrainosus", chronic: false),
        Condition("279039007", "Low back pain", "M54.50", "Low back pain, unspecified", chronic: true, pain: true),
        Condition("239873007", "Osteoarthritis of knee", "M17.9", "Osteoarthritis of knee, unspecified", chronic: true, pain: true),
        Condition("82423001", "Chronic pain", "G89.29", "Other chronic pain", chronic: true, pain: true),
        Condition("75544000", "Opioid dependence", "F11.20", "Opioid dependence, uncomplicated", chronic: true, pain: true),
    ];

    public static readonly ClinicalCode HeartRate = new(CodeSystems.Loinc, "8867-4", "Heart rate");
    public static readonly ClinicalCode BloodPressurePanel = new(CodeSystems.Loinc, "85354-9", "Blood pressure panel with all children optional");
    public static readonly ClinicalCode SystolicBloodPressure = new(CodeSystems.Loinc, "8480-6", "Systolic blood pressure");
    public static readonly ClinicalCode DiastolicBloodPressure = new(CodeSystems.Loinc, "8462-4", "Diastolic blood pressure");
    public static readonly ClinicalCode BodyWeight = new(CodeSystems.Loinc, "29463-7", "Body weight");
    public static readonly ClinicalCode BodyTemperature = new(CodeSystems.Loinc, "8310-5", "Body temperature");

    public static readonly ClinicalCode HemoglobinA1c = new(CodeSystems.Loinc, "4548-4", "Hemoglobin A1c/Hemoglobin.total in Blood");
    public static readonly ClinicalCode Glucose = new(CodeSystems.Loinc, "2345-7", "Glucose [Mass/volume] in Serum or Plasma");
    public static readonly ClinicalCode Cholesterol = new(CodeSystems.Loinc, "2093-3", "Cholesterol [Mass/volume] in Serum or Plasma");

    public static readonly IReadOnlyList<ClinicalCode> NonOpioids =
    [
        new(CodeSystems.RxNorm, "29046", "lisinopril"),
        new(CodeSystems.RxNorm, "17767", "amlodipine"),
        new(CodeSystems.RxNorm, "6809", "metformin"),
        new(CodeSystems.RxNorm, "83367", "atorvastatin"),
        new(CodeSystems.RxNorm, "435", "albuterol"),
        new(CodeSystems.RxNorm, "36437", "sertraline"),
        new(CodeSystems.RxNorm, "723", "amoxicillin"),
        new(CodeSystems.RxNorm, "7646", "omeprazole"),
        new(CodeSystems.RxNorm, "5640", "ibuprofen"),
        new(CodeSystems.RxNorm, "7258", "naproxen"),
        new(CodeSystems.RxNorm, "161", "acetaminophen"),
        new(CodeSystems.RxNorm, "25480", "gabapentin"),
    ];

    /// <summary>Encounter types (SNOMED CT) with their v3 ActCode class.</summary>
    public static readonly IReadOnlyList<(ClinicalCode Type, ClinicalCode Class)> EncounterTypes =
    [
        (new(CodeSystems.Snomed, "185349003", "Encounter for check up"), Ambulatory),
        (new(CodeSystems.Snomed, "185345009", "Encounter for symptom"), Ambulatory),
        (new(CodeSystems.Snomed, "390906007", "Follow-up encounter"), Ambulatory),
        (new(CodeSystems.Snomed, "50849002", "Emergency room admission"), new(CodeSystems.ActCode, "EMER", "emergency")),
        (new(CodeSystems.Snomed, "32485007", "Hospital admission"), new(CodeSystems.ActCode, "IMP", "inpatient encounter")),
    ];

    private static ClinicalCode Ambulatory => new(CodeSystems.ActCode, "AMB", "ambulatory");

    private static ConditionCode Condition(
        string snomed, string snomedDisplay, string icd10, string icd10Display, bool chronic, bool pain = false) =>
        new(new ClinicalCode(CodeSystems.Snomed, snomed, snomedDisplay), new ClinicalCode(CodeSystems.Icd10Cm, icd10, icd10Display), chronic, pain);
}
