namespace MedRec.Grains.Abstractions.Access;

/// <summary>
/// One gatekeeper decision, granted or denied, as the provider stores it (and serves it as a FHIR AuditEvent).
/// <see cref="RequestHash"/> is the EIP-712 hash of the signed request, empty when the request could not be hashed.
/// <see cref="Purpose"/> is the request's declared purpose as its wire name (docs/adr/0012-purpose-of-use.md),
/// <see cref="UndeclaredPurpose"/> for entries stored before purposes existed (and for a request naming no known one);
/// the default lets JSON from before purposes (an audit proof file) still read, as an undeclared entry.
/// </summary>
[GenerateSerializer, Immutable, Alias("medrec.audit-entry")]
public sealed record AuditEntry(
    [property: Id(0)] string Id,
    [property: Id(1)] DateTimeOffset Time,
    [property: Id(2)] string Provider,
    [property: Id(3)] string Patient,
    [property: Id(4)] string Asker,
    [property: Id(5)] string PointerId,
    [property: Id(6)] AccessAction Action,
    [property: Id(7)] bool Granted,
    [property: Id(8)] string Reason,
    [property: Id(9)] string RequestHash,
    [property: Id(10)] string Purpose = AuditEntry.UndeclaredPurpose)
{
    /// <summary>The purpose of entries written before requests declared one (provider-store migration 0002's default).</summary>
    public const string UndeclaredPurpose = "undeclared";
}
