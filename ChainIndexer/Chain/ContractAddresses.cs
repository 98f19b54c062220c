namespace MedRec.ChainIndexer.Chain;

/// <summary>Where the MedRec contracts live on one chain. <see cref="AuditAnchors"/> is empty in deployment files
/// written before the audit anchors contract existed (docs/adr/0010-audit-anchors.md), <see cref="EmergencyAccess"/> in
/// those written before break-the-glass (docs/adr/0011-break-the-glass.md).</summary>
public sealed record ContractAddresses(
    string Registrar, string Summary, string Relationships, string AuditAnchors = "", string EmergencyAccess = "");
