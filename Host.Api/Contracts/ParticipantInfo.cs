namespace MedRec.Host.Api.Contracts;

/// <summary>GET /api/participants/{address}: a participant as the mirror shows it. <see cref="Role"/> is
/// <c>patient</c> or <c>provider</c> (the roles the mirror keeps).</summary>
public sealed record ParticipantInfo(string Address, string Role, bool Registered, string? IdentityHash, string? Endpoint, bool Revoked);
