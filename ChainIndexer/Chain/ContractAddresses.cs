namespace MedRec.ChainIndexer.Chain;

/// <summary>Where the MedRec contracts live on one chain. <see cref="AuditAnchors"/> is empty in deployment files
/// written before the audit anchors contract existed (docs/adr/0010-audit-anchors.md).</summary>
public sealed record ContractAddresses(string Registrar, string Summary, string Relationships, string AuditAnchors = "");
