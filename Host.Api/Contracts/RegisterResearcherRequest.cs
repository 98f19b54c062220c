namespace MedRec.Host.Api.Contracts;

/// <summary>POST /api/researchers, signed by a certifier: the researcher's address, identity commitment and validator address.</summary>
public sealed record RegisterResearcherRequest(string Researcher, string IdentityCommitment, string Validator);
