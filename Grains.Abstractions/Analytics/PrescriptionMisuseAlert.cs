namespace MedRec.Grains.Abstractions.Analytics;

/// <summary>
/// One episode of a patient getting prescriptions in the alert value set from more than
/// <see cref="ProviderThreshold"/> distinct providers within <see cref="WindowDays"/> days. Every change is a new
/// <see cref="Revision"/> of the same <see cref="AlertId"/>; receivers keep the highest revision. It names no drug,
/// dose or record: the patient, the involved providers, counts and the episode's dates (first and last authoredOn).
/// </summary>
[GenerateSerializer, Immutable, Alias("medrec.v1.prescription-misuse-alert")]
public sealed record PrescriptionMisuseAlert(
    [property: Id(0)] string AlertId,
    [property: Id(1)] string Patient,
    [property: Id(2)] IReadOnlyList<string> Providers,
    [property: Id(3)] int PrescriptionCount,
    [property: Id(4)] DateTimeOffset FirstPrescribedOn,
    [property: Id(5)] DateTimeOffset LastPrescribedOn,
    [property: Id(6)] int ProviderThreshold,
    [property: Id(7)] int WindowDays,
    [property: Id(8)] int Revision,
    [property: Id(9)] AlertStatus Status,
    [property: Id(10)] DateTimeOffset RaisedAt,
    [property: Id(11)] DateTimeOffset UpdatedAt)
{
    public int ProviderCount => Providers.Count;
}

/// <summary>Open: the episode stands. Withdrawn: a reorg took back prescriptions and it no longer meets the threshold.</summary>
public enum AlertStatus
{
    Open = 0,
    Withdrawn = 1,
}
