using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Chain;

namespace MedRec.Grains.Abstractions.Mirror;

/// <summary>A relationship as mirrored. <see cref="AsOf"/> is the block of the last event the view folds (null when it
/// folds none): the relationship's state on chain at that block (and until its next event) is this view.</summary>
[GenerateSerializer, Immutable, Alias("medrec.relationship-view")]
public sealed record RelationshipView(
    [property: Id(0)] string Patient,
    [property: Id(1)] string Provider,
    [property: Id(2)] RelationshipStatus Status,
    [property: Id(3)] IReadOnlyList<PointerView> Pointers,
    [property: Id(4)] IReadOnlyList<GrantView> Grants,
    [property: Id(5)] ChainBlock? AsOf = null);

[GenerateSerializer, Immutable, Alias("medrec.pointer-view")]
public sealed record PointerView(
    [property: Id(0)] string PointerId, [property: Id(1)] string QueryCommitment, [property: Id(2)] string DataHash,
    [property: Id(3)] ulong Version);

[GenerateSerializer, Immutable, Alias("medrec.grant-view")]
public sealed record GrantView(
    [property: Id(0)] string PointerId, [property: Id(1)] string Viewer, [property: Id(2)] ulong ExpiresAt,
    [property: Id(3)] PurposeSet Purposes);
