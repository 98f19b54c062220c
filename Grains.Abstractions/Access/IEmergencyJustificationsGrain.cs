namespace MedRec.Grains.Abstractions.Access;

/// <summary>One provider's break-the-glass justifications (keyed by the provider's lowercase address), kept in the
/// access store: off chain, durable, the provider's own.</summary>
[Alias("medrec.emergency-justifications-grain")]
public interface IEmergencyJustificationsGrain : IGrainWithStringKey
{
    /// <summary>Stores one justification before its transaction is sent (so no window on chain lacks its text);
    /// written before this returns.</summary>
    [Alias("record")]
    Task RecordAsync(EmergencyJustification justification);

    /// <summary>Notes the transaction that carried the commitment (or "refused: ErrorName" when the contract refused it).</summary>
    [Alias("sent")]
    Task SentAsync(string justificationCommitment, string transactionHash);

    /// <summary>Every justification, oldest first.</summary>
    [Alias("list")]
    Task<IReadOnlyList<EmergencyJustification>> ListAsync();
}
