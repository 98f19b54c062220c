namespace MedRec.Host.Api.Contracts;

/// <summary>POST /api/patients/{patient}/grants: lets <see cref="Viewer"/> read one pointer at one provider until
/// <see cref="ExpiresAt"/> (unix seconds) for <see cref="Purposes"/> (wire names: treatment, payment, operations,
/// research, emergency, patient-request; none or empty: all six; docs/adr/0012-purpose-of-use.md).</summary>
public sealed record GrantRequest(string Viewer, string Provider, string PointerId, ulong ExpiresAt, IReadOnlyList<string>? Purposes = null);
