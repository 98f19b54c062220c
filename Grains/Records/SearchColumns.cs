using Hl7.Fhir.Model;
using Hl7.Fhir.Utility;

namespace MedRec.Grains.Records;

/// <summary>
/// The search columns of a stored record, taken from its FHIR elements. Only the first coding that has a code is
/// searchable (a record coded in LOINC and SNOMED is found by its first coding); a record without the element has a
/// null column and matches no filter on it. Which element fills which column:
/// <list type="table">
/// <listheader><term>type</term><description>patient / category / code / effective</description></listheader>
/// <item><term>Condition</term><description>subject / category / code / onset[x] (dateTime, Period.start), else recordedDate</description></item>
/// <item><term>Observation</term><description>subject / category / code / effective[x] (dateTime, instant, Period.start), else issued</description></item>
/// <item><term>MedicationRequest</term><description>subject / category / medicationCodeableConcept / authoredOn</description></item>
/// <item><term>Encounter</term><description>subject / class (a Coding) / type / period.start</description></item>
/// <item><term>AllergyIntolerance</term><description>patient / category (food, medication, environment, biologic) / code / onset[x] (dateTime, Period.start), else recordedDate</description></item>
/// <item><term>Procedure</term><description>subject / category / code / performed[x] (dateTime, Period.start)</description></item>
/// <item><term>DiagnosticReport</term><description>subject / category / code / effective[x] (dateTime, Period.start), else issued</description></item>
/// <item><term>Immunization</term><description>patient / none / vaccineCode / occurrenceDateTime</description></item>
/// </list>
/// A partial date (2024, 2024-03) counts from its first instant; a dateTime without offset is read as UTC. Effective
/// instants are kept in UTC at microsecond precision (PostgreSQL's), so every store holds the same value.
/// </summary>
public sealed record SearchColumns(string? Category, string? CodeSystem, string? Code, DateTimeOffset? Effective)
{
    /// <summary>Longest category and code values a store keeps (SQL Server indexes them).</summary>
    public const int MaxCodeLength = 256;

    /// <summary>Longest code system a store keeps.</summary>
    public const int MaxSystemLength = 512;

    /// <summary>The columns of a resource of one of <see cref="PointerQuery.ResourceTypes"/>.</summary>
    /// <exception cref="NotSupportedException">Another resource type.</exception>
    /// <exception cref="ArgumentException">A code or system longer than a store keeps.</exception>
    public static SearchColumns Extract(Resource resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var (category, coding, effective) = resource switch
        {
            Condition c => (FirstCode(c.Category), FirstCoding(c.Code), Instant(c.Onset) ?? Instant(c.RecordedDateElement)),
            Observation o => (FirstCode(o.Category), FirstCoding(o.Code), Instant(o.Effective) ?? o.Issued),
            MedicationRequest m => (FirstCode(m.Category), FirstCoding(m.Medication as CodeableConcept), Instant(m.AuthoredOnElement)),
            Encounter e => (e.Class?.Code, FirstCoding(e.Type), Instant(e.Period?.StartElement)),
            AllergyIntolerance a => (AllergyCategory(a), FirstCoding(a.Code), Instant(a.Onset) ?? Instant(a.RecordedDateElement)),
            Procedure p => (FirstCode(p.Category), FirstCoding(p.Code), Instant(p.Performed)),
            DiagnosticReport d => (FirstCode(d.Category), FirstCoding(d.Code), Instant(d.Effective) ?? d.Issued),
            Immunization i => ((string?)null, FirstCoding(i.VaccineCode), Instant(i.Occurrence)),
            _ => throw new NotSupportedException(
                $"A provider store keeps {string.Join(", ", PointerQuery.ResourceTypes)}; not {resource.TypeName}."),
        };

        return new SearchColumns(
            Limit(EmptyToNull(category), MaxCodeLength, "category"),
            Limit(EmptyToNull(coding?.System), MaxSystemLength, "code system"),
            Limit(EmptyToNull(coding?.Code), MaxCodeLength, "code"),
            effective is { } instant ? StoreInstant.Normalize(instant) : null);
    }

    /// <summary>Points the resource's patient (or subject) at <c>Patient/&lt;localPatientId&gt;</c>.</summary>
    /// <exception cref="NotSupportedException">A resource type outside <see cref="PointerQuery.ResourceTypes"/>.</exception>
    public static void AssignPatient(Resource resource, string localPatientId)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var reference = new ResourceReference($"Patient/{localPatientId}");
        switch (resource)
        {
            case Condition c: c.Subject = reference; break;
            case Observation o: o.Subject = reference; break;
            case MedicationRequest m: m.Subject = reference; break;
            case Encounter e: e.Subject = reference; break;
            case AllergyIntolerance a: a.Patient = reference; break;
            case Procedure p: p.Subject = reference; break;
            case DiagnosticReport d: d.Subject = reference; break;
            case Immunization i: i.Patient = reference; break;
            default:
                throw new NotSupportedException(
                    $"A provider store keeps {string.Join(", ", PointerQuery.ResourceTypes)}; not {resource.TypeName}.");
        }
    }

    private static string? FirstCode(IEnumerable<CodeableConcept>? concepts) =>
        concepts?.Select(FirstCoding).FirstOrDefault(coding => coding is not null)?.Code;

    private static string? FirstCode(CodeableConcept? concept) => FirstCoding(concept)?.Code;

    private static Coding? FirstCoding(IEnumerable<CodeableConcept>? concepts) =>
        concepts?.Select(FirstCoding).FirstOrDefault(coding => coding is not null);

    private static Coding? FirstCoding(CodeableConcept? concept) =>
        concept?.Coding.FirstOrDefault(coding => !string.IsNullOrEmpty(coding.Code));

    private static string? AllergyCategory(AllergyIntolerance allergy) =>
        allergy.Category?.FirstOrDefault(category => category is not null) is { } first ? first.GetLiteral() : null;

    private static DateTimeOffset? Instant(DataType? value) => value switch
    {
        FhirDateTime dateTime => Instant(dateTime),
        Instant instant => instant.Value,
        Period period => Instant(period.StartElement),
        _ => null,
    };

    private static DateTimeOffset? Instant(FhirDateTime? value) =>
        value?.Value is not null && value.TryToDateTimeOffset(TimeSpan.Zero, out var instant) ? instant : null;

    private static string? EmptyToNull(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string? Limit(string? value, int maxLength, string what) =>
        value is null || value.Length <= maxLength
            ? value
            : throw new ArgumentException($"The record's {what} has {value.Length} characters; a provider store keeps at most {maxLength}.");
}
