using MedRec.Grains.Abstractions.Access;

namespace MedRec.Host.Api.Contracts;

/// <summary>How one provider answered an audit request.</summary>
public sealed record AuditTrailOutcome(string Provider, ProviderOutcome Outcome, string? Reason, int Entries);
