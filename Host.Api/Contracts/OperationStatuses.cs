namespace MedRec.Host.Api.Contracts;

/// <summary>The states of a tracked chain write (docs/adr/0004-http-api.md).</summary>
public static class OperationStatuses
{
    /// <summary>Sent, no receipt yet.</summary>
    public const string Pending = "pending";

    /// <summary>Mined and reverted.</summary>
    public const string Failed = "failed";

    /// <summary>Mined; the indexer has not yet applied its block, so the mirror may not show it.</summary>
    public const string Mined = "mined";

    /// <summary>The indexer's checkpoint has passed the receipt's block: the mirror shows it.</summary>
    public const string Applied = "applied";
}
