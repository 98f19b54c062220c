using Hl7.Fhir.Model;

namespace MedRec.Grains.Records.Synthetic;

/// <summary>One code from a code system (SNOMED CT, ICD-10-CM, LOINC, RxNorm ...).</summary>
public sealed record ClinicalCode(string System, string Code, string Display)
{
    public Coding ToCoding() => new(System, Code, Display);
}
