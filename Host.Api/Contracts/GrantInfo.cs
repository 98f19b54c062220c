namespace MedRec.Host.Api.Contracts;

/// <summary>One current grant of a patient: the viewer may read that pointer at that provider until <see cref="ExpiresAt"/> (unix seconds).</summary>
public sealed record GrantInfo(string Provider, string PointerId, string Viewer, ulong ExpiresAt);
