namespace MedRec.Host.Api.Contracts;

/// <summary>PUT /api/patients/{patient}/research-consent.</summary>
public sealed record ResearchConsentRequest(bool Consent);
