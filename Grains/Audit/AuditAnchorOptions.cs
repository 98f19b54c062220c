namespace MedRec.Grains.Audit;

/// <summary>Audit anchoring (section "MedRec:Audit", docs/adr/0010-audit-anchors.md).</summary>
public sealed class AuditAnchorOptions
{
    public const string Section = "MedRec:Audit";

    /// <summary>How often every provider with a store and a custody key anchors its new audit entries; zero turns
    /// the periodic anchoring off (an explicit anchor still works).</summary>
    public TimeSpan AnchorInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Most entries one anchor covers (the rest go into the next one); at most 10,000, the store's read limit.</summary>
    public int MaxEntriesPerAnchor { get; set; } = 10_000;

    /// <summary>How old an entry must be before an anchor covers it. Entries get their seq when their insert starts but
    /// become visible when it commits, so on PostgreSQL a slower insert can appear below a seq already read; an anchor
    /// that covered the range without it would later look like a rewritten log. Entries younger than this wait for the
    /// next anchor (and so does everything after the first of them, to keep ranges contiguous).</summary>
    public TimeSpan SettleTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an anchor waits for its transaction to be mined.</summary>
    public TimeSpan ReceiptTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
