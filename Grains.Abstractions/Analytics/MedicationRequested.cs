using MedRec.Grains.Abstractions.Chain;

namespace MedRec.Grains.Abstractions.Analytics;

/// <summary>
/// A MedicationRequest whose code is in the configured value set, as a provider's verified pointer slice holds it:
/// no drug name, dosage, note or local patient id, only what an alert needs. <see cref="ChainEvent"/> is the
/// PointerPublished event that carried the slice; (<see cref="ChainEventId.Key"/>, <see cref="RecordId"/>)
/// identifies this event exactly (deduplicate by it). <see cref="IsUndo"/>: a reorg dropped that chain event, take
/// the prescription back (it comes again, with the new block's event id, if the new chain holds it).
/// </summary>
[GenerateSerializer, Immutable, Alias("medrec.v1.medication-requested")]
public sealed record MedicationRequested(
    [property: Id(0)] string Patient,
    [property: Id(1)] string Provider,
    [property: Id(2)] string PointerId,
    [property: Id(3)] string RecordId,
    [property: Id(4)] string CodeSystem,
    [property: Id(5)] string Code,
    [property: Id(6)] DateTimeOffset AuthoredOn,
    [property: Id(7)] ChainEventId ChainEvent,
    [property: Id(8)] bool IsUndo = false)
{
    /// <summary>The prescription's identity across redeliveries and re-publications of its slice: provider + record id.</summary>
    public string PrescriptionKey => $"{Provider}/{RecordId}";
}
