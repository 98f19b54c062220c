namespace MedRec.Host.Api.Contracts;

/// <summary>POST /api/providers, signed by a certifier: the provider's address, salted identity commitment and gatekeeper endpoint.</summary>
public sealed record RegisterProviderRequest(string Provider, string IdentityCommitment, string Endpoint);
