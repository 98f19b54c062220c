namespace MedRec.Host.Api.Contracts;

/// <summary>POST /api/patients/{patient}/grants: lets <see cref="Viewer"/> read one pointer at one provider until
/// <see cref="ExpiresAt"/> (unix seconds).</summary>
public sealed record GrantRequest(string Viewer, string Provider, string PointerId, ulong ExpiresAt);
