using MedRec.Grains.Abstractions.Mirror;

namespace MedRec.Host.Api.Contracts;

/// <summary>GET /api/patients/{patient}/summary: the patient's registration, research consent and every relationship
/// (status, pointers, grants) as mirrored.</summary>
public sealed record PatientSummary(string Patient, bool Registered, bool ResearchConsent, IReadOnlyList<RelationshipView> Relationships);
