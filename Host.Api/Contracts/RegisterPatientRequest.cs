namespace MedRec.Host.Api.Contracts;

/// <summary>POST /api/patients: the signer registers itself as a patient with its salted identity commitment (0x + 64 hex).</summary>
public sealed record RegisterPatientRequest(string IdentityCommitment);
