namespace MedRec.Grains.Records.Synthetic;

/// <summary>A diagnosis as SNOMED CT and its ICD-10-CM equivalent; chronic ones stay on the problem list.</summary>
public sealed record ConditionCode(ClinicalCode Snomed, ClinicalCode Icd10, bool Chronic, bool Pain);
