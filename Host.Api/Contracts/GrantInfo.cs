using MedRec.Grains.Abstractions.Access;

namespace MedRec.Host.Api.Contracts;

/// <summary>One current grant of a patient: the viewer may read that pointer at that provider until <see cref="ExpiresAt"/>
/// (unix seconds) for <see cref="Purposes"/> (on the wire an array of purpose names).</summary>
public sealed record GrantInfo(string Provider, string PointerId, string Viewer, ulong ExpiresAt, PurposeSet Purposes);
