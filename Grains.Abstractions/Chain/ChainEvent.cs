using MedRec.Grains.Abstractions.Access;

namespace MedRec.Grains.Abstractions.Chain;

/// <summary>A decoded contract event. Addresses are lowercase 0x-hex; hashes and ids are lowercase 0x-hex of 32 bytes.
/// Part of the public stream contract (docs/streams.md): fields are only ever added, with new ids.</summary>
[GenerateSerializer, Immutable, Alias("medrec.chain-event")]
public abstract record ChainEvent;

[GenerateSerializer, Immutable, Alias("medrec.certifier-added")]
public sealed record CertifierAdded(
    [property: Id(0)] string Certifier, [property: Id(1)] string IdentityHash, [property: Id(2)] string AddedBy) : ChainEvent;

[GenerateSerializer, Immutable, Alias("medrec.patient-registered")]
public sealed record PatientRegistered([property: Id(0)] string Patient, [property: Id(1)] string IdentityHash) : ChainEvent;

[GenerateSerializer, Immutable, Alias("medrec.provider-registered")]
public sealed record ProviderRegistered(
    [property: Id(0)] string Provider, [property: Id(1)] string IdentityHash, [property: Id(2)] string Endpoint,
    [property: Id(3)] string Certifier) : ChainEvent;

[GenerateSerializer, Immutable, Alias("medrec.provider-endpoint-changed")]
public sealed record ProviderEndpointChanged([property: Id(0)] string Provider, [property: Id(1)] string Endpoint) : ChainEvent;

[GenerateSerializer, Immutable, Alias("medrec.provider-revoked")]
public sealed record ProviderRevoked([property: Id(0)] string Provider, [property: Id(1)] string Certifier) : ChainEvent;

[GenerateSerializer, Immutable, Alias("medrec.researcher-registered")]
public sealed record ResearcherRegistered(
    [property: Id(0)] string Researcher, [property: Id(1)] string IdentityHash, [property: Id(2)] string Validator,
    [property: Id(3)] string Certifier) : ChainEvent;

[GenerateSerializer, Immutable, Alias("medrec.relationship-status-changed")]
public sealed record RelationshipStatusChanged(
    [property: Id(0)] string Patient, [property: Id(1)] string Provider, [property: Id(2)] RelationshipStatus Status) : ChainEvent;

[GenerateSerializer, Immutable, Alias("medrec.research-consent-changed")]
public sealed record ResearchConsentChanged([property: Id(0)] string Patient, [property: Id(1)] bool Consent) : ChainEvent;

[GenerateSerializer, Immutable, Alias("medrec.pointer-published")]
public sealed record PointerPublished(
    [property: Id(0)] string Patient, [property: Id(1)] string Provider, [property: Id(2)] string PointerId,
    [property: Id(3)] string QueryCommitment, [property: Id(4)] string DataHash, [property: Id(5)] ulong Version) : ChainEvent;

[GenerateSerializer, Immutable, Alias("medrec.access-granted")]
public sealed record AccessGranted(
    [property: Id(0)] string Patient, [property: Id(1)] string Provider, [property: Id(2)] string Viewer,
    [property: Id(3)] string PointerId, [property: Id(4)] ulong ExpiresAt,
    [property: Id(5)] PurposeSet Purposes) : ChainEvent
{
    /// <summary>The purposes the grant covers: an event without any predates purposes (ADR 0012), when every grant
    /// covered all six; the contract never emits an empty set.</summary>
    public PurposeSet Covers => Purposes == PurposeSet.None ? PurposeSet.All : Purposes;
}

[GenerateSerializer, Immutable, Alias("medrec.access-revoked")]
public sealed record AccessRevoked(
    [property: Id(0)] string Patient, [property: Id(1)] string Provider, [property: Id(2)] string Viewer,
    [property: Id(3)] string PointerId) : ChainEvent;

[GenerateSerializer, Immutable, Alias("medrec.emergency-access-opened")]
public sealed record EmergencyAccessOpened(
    [property: Id(0)] string Patient, [property: Id(1)] string Provider, [property: Id(2)] string JustificationCommitment,
    [property: Id(3)] ulong OpenedAt, [property: Id(4)] ulong ExpiresAt) : ChainEvent;

[GenerateSerializer, Immutable, Alias("medrec.emergency-access-closed")]
public sealed record EmergencyAccessClosed(
    [property: Id(0)] string Patient, [property: Id(1)] string Provider, [property: Id(2)] ulong ClosedAt) : ChainEvent;
