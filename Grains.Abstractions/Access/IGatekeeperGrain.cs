namespace MedRec.Grains.Abstractions.Access;

/// <summary>
/// One provider's gatekeeper (keyed by the provider's lowercase address). It answers a signed request only when the
/// mirror says the asker may see the slice, runs the pointer's query on the provider's own store, re-hashes the result
/// and compares it with the hash on chain. Every decision, granted or denied, is written to the provider's audit
/// before the answer leaves.
/// </summary>
[Alias("medrec.gatekeeper-grain")]
public interface IGatekeeperGrain : IGrainWithStringKey
{
    /// <summary>Reads one pointer, or every pointer the asker may see, of one patient at this provider. The request's
    /// provider is this provider, or the zero address for a whole-history request.</summary>
    [Alias("read")]
    Task<GatekeeperAnswer> ReadAsync(SignedAccessRequest request);

    /// <summary>The audit entries about the asking patient at this provider, newest first.</summary>
    [Alias("read-audit")]
    Task<AuditTrail> ReadAuditAsync(SignedAccessRequest request, int limit);

    /// <summary>This provider's share of a research aggregate over its opted-in patients, or why it refused; audited
    /// either way.</summary>
    [Alias("research")]
    Task<Research.ResearchShare> ResearchAsync(Research.ResearchShareRequest request);
}
