using Hl7.Fhir.Model;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Records;

namespace MedRec.Grains.Access;

/// <summary>
/// An <see cref="AuditEntry"/> as a FHIR R4 AuditEvent, the shape a patient's audit trail is served in: a RESTful
/// read (DICOM 110112 "Query" for audit reads), outcome 0 (granted) or 4 (denied, reason in outcomeDesc), the asker as
/// the requesting agent, the provider's gatekeeper as the source, and the patient and pointer as entities. Chain
/// addresses and pointer ids are identifiers in the <see cref="AddressSystem"/> and <see cref="PointerSystem"/>. The
/// declared purpose is purposeOfEvent as its HL7 v3 ActReason code (docs/adr/0012-purpose-of-use.md); an entry from
/// before purposes has none.
/// </summary>
public static class AuditEvents
{
    public const string AddressSystem = "urn:medrec:address";
    public const string PointerSystem = "urn:medrec:pointer";
    public const string RequestSystem = "urn:medrec:request";

    public static AuditEvent ToFhir(AuditEntry entry) => new()
    {
        Id = entry.Id,
        Type = new Coding("http://terminology.hl7.org/CodeSystem/audit-event-type", "rest", "RESTful Operation"),
        Subtype = [entry.Action == AccessAction.ReadAudit
            ? new Coding("http://dicom.nema.org/resources/ontology/DCM", "110112", "Query")
            : new Coding("http://hl7.org/fhir/restful-interaction", "read", "read")],
        Action = AuditEvent.AuditEventAction.R,
        Recorded = entry.Time,
        Outcome = entry.Granted ? AuditEvent.AuditEventOutcome.N0 : AuditEvent.AuditEventOutcome.N4,
        OutcomeDesc = entry.Reason,
        PurposeOfEvent = PurposeOf(entry),
        Agent =
        [
            new AuditEvent.AgentComponent
            {
                Who = new ResourceReference { Identifier = new Identifier(AddressSystem, entry.Asker) },
                Requestor = true,
            },
        ],
        Source = new AuditEvent.SourceComponent
        {
            Observer = new ResourceReference { Identifier = new Identifier(AddressSystem, entry.Provider), Display = "MedRec gatekeeper" },
        },
        Entity =
        [
            new AuditEvent.EntityComponent
            {
                What = new ResourceReference { Identifier = new Identifier(AddressSystem, entry.Patient) },
                Type = new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "1", "Person"),
            },
            new AuditEvent.EntityComponent
            {
                What = new ResourceReference { Identifier = new Identifier(PointerSystem, entry.PointerId) },
                Type = new Coding("http://terminology.hl7.org/CodeSystem/audit-entity-type", "2", "System Object"),
                Description = string.IsNullOrEmpty(entry.RequestHash) ? "request could not be verified" : $"{RequestSystem}:{entry.RequestHash}",
            },
        ],
    };

    private static List<CodeableConcept> PurposeOf(AuditEntry entry) =>
        Purposes.TryParse(entry.Purpose, out var purpose)
            ? [new CodeableConcept(Purposes.V3CodeSystem, purpose.ToV3Code(), purpose.ToWire())]
            : [];

    /// <summary>A FHIR searchset Bundle of AuditEvents, newest first as given.</summary>
    public static string BundleJson(IEnumerable<AuditEntry> entries) =>
        FhirBundles.SearchSet(entries.Select(e => FhirJson.Serialize(ToFhir(e))).ToList());
}
