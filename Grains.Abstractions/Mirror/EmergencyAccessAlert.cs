using MedRec.Grains.Abstractions.Chain;

namespace MedRec.Grains.Abstractions.Mirror;

/// <summary>What the patient is told the moment the mirror applies an emergency opening or closing (stream
/// <see cref="StreamNamespace"/> on <see cref="ChainStreams.ProviderName"/>, keyed by patient). <see cref="IsUndo"/>: a
/// reorg dropped the event. Addresses, a commitment and chain times only.</summary>
[GenerateSerializer, Immutable, Alias("medrec.emergency-access-alert")]
public sealed record EmergencyAccessAlert(
    [property: Id(0)] string Patient,
    [property: Id(1)] string Provider,
    [property: Id(2)] string Kind,
    [property: Id(3)] string JustificationCommitment,
    [property: Id(4)] ulong OpenedAt,
    [property: Id(5)] ulong ExpiresAt,
    [property: Id(6)] ulong ClosedAt,
    [property: Id(7)] ChainEventId ChainEvent,
    [property: Id(8)] bool IsUndo)
{
    public const string StreamNamespace = "medrec.v1.alerts.emergency-access";
    public const string Opened = "opened";
    public const string Closed = "closed";
}
