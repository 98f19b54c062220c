namespace MedRec.Host.Api.Contracts;

/// <summary>POST /api/providers/{provider}/emergency-access: break the glass on <see cref="Patient"/> for
/// <see cref="Minutes"/> (1..1440). <see cref="Justification"/> stays off chain with the provider; only its salted
/// commitment goes on chain (docs/adr/0011-break-the-glass.md).</summary>
public sealed record EmergencyAccessRequest(string Patient, string Justification, int Minutes);
