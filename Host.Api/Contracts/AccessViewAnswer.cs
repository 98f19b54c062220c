using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Chain;
using MedRec.Grains.Abstractions.Mirror;

namespace MedRec.Host.Api.Contracts;

/// <summary>
/// GET /api/patients/{patient}/access-view?at=T: who could read what about the patient at time T, and who actually
/// did. <see cref="Block"/> is the chain's newest block at T; each provider's relationship is the mirror's state as
/// of that block (folded from its event history), its grants those unexpired at T; the accesses are the providers'
/// audit entries up to T.
/// </summary>
public sealed record AccessViewAnswer(
    string Patient, DateTimeOffset At, ulong Block, string BlockHash, DateTimeOffset BlockTime,
    IReadOnlyList<ProviderAccessView> Providers, IReadOnlyList<AuditTrailOutcome> AuditProviders);

/// <summary>One provider at time T: the relationship's status, and for each pointer who could read it and who did.</summary>
public sealed record ProviderAccessView(string Provider, RelationshipStatus Status, IReadOnlyList<PointerAccessView> Pointers,
    IReadOnlyList<AuditEntry> OtherAccesses);

/// <summary>A pointer at time T: its version then; besides the patient and the provider, the viewers whose grants were
/// in force; and every audited access to it up to T, granted or denied.</summary>
public sealed record PointerAccessView(string PointerId, ulong Version, IReadOnlyList<GrantView> Viewers, IReadOnlyList<AuditEntry> Accesses);
