namespace MedRec.Grains.Abstractions.Audit;

/// <summary>
/// One provider's audit anchoring (keyed by the provider's lowercase address): builds the Merkle root over the audit
/// entries since the provider's last on-chain anchor, sends it with the provider's custody key, records the anchored
/// ranges, and answers inclusion proofs (docs/adr/0010-audit-anchors.md).
/// </summary>
[Alias("medrec.audit-anchor-grain")]
public interface IAuditAnchorGrain : IGrainWithStringKey
{
    /// <summary>Anchors the entries after the last anchored seq (at most MedRec:Audit:MaxEntriesPerAnchor) and waits for
    /// the transaction to be mined; null when there is nothing new.</summary>
    [Alias("anchor-now")]
    Task<AuditAnchorInfo?> AnchorNowAsync();

    /// <summary>The anchors this provider published, oldest first.</summary>
    [Alias("anchors")]
    Task<IReadOnlyList<AuditAnchorInfo>> AnchorsAsync();

    /// <summary>The inclusion proof of the entry <paramref name="entryId"/>, when it is about <paramref name="patient"/>.</summary>
    [Alias("proof")]
    Task<AuditProofLookup> ProofAsync(string entryId, string patient);

    /// <summary>Recomputes every anchor's root from the store and compares it with the chain's.</summary>
    [Alias("check")]
    Task<IReadOnlyList<AuditAnchorCheck>> CheckAsync();
}
