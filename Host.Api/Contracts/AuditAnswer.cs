using MedRec.Grains.Abstractions.Access;

namespace MedRec.Host.Api.Contracts;

/// <summary>GET /api/patients/{patient}/audit: every provider's audit entries about the patient, newest first, and
/// how each provider answered.</summary>
public sealed record AuditAnswer(string Patient, IReadOnlyList<AuditTrailOutcome> Providers, IReadOnlyList<AuditEntry> Entries);
