namespace MedRec.Grains.Abstractions.Access;

/// <summary>
/// A patient's whole history: asks the gatekeeper of every provider in the patient's summary in parallel, with a
/// deadline, and merges what arrived. A stateless worker: use any key (0).
/// </summary>
[Alias("medrec.history-grain")]
public interface IHistoryGrain : IGrainWithIntegerKey
{
    /// <summary>The request must be a whole-history read (provider = zero address) signed by the asker.</summary>
    [Alias("read-history")]
    Task<HistoryAnswer> ReadHistoryAsync(SignedAccessRequest request);
}
