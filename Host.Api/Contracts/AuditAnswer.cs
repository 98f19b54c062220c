using MedRec.Grains.Abstractions.Access;

namespace MedRec.Host.Api.Contracts;

/// <summary>GET /api/patients/{patient}/audit: every provider's audit entries about the patient, newest first, and
/// how each provider answered. <see cref="AuditEvents"/> holds the same entries, in the same order, as a FHIR R4
/// searchset Bundle of AuditEvent resources (the shape <c>MedRec.Grains.Access.AuditEvents</c> gives each entry).</summary>
public sealed record AuditAnswer(string Patient, IReadOnlyList<AuditTrailOutcome> Providers, IReadOnlyList<AuditEntry> Entries, string AuditEvents);
