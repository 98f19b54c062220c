namespace MedRec.Grains.Abstractions.Chain;

/// <summary>
/// Who runs the chain indexer of a deployment (keyed, like the checkpoint, by the Registrar's address): one holder per
/// cluster at a time. Every indexer host asks for the lease and renews it well before it runs out; the others wait.
/// When the holder dies its lease runs out and a surviving host takes it, resuming from the checkpoint.
/// </summary>
[Alias("medrec.indexer-lease-grain")]
public interface IIndexerLeaseGrain : IGrainWithStringKey
{
    /// <summary>Gives <paramref name="holder"/> the lease for <paramref name="duration"/> from now when nobody else holds
    /// an unexpired one (a renewal when it already holds it); answers the lease as it stands after the call.</summary>
    Task<IndexerLease> AcquireAsync(string holder, TimeSpan duration);

    /// <summary>Ends <paramref name="holder"/>'s lease at once (a host stopping cleanly), so another may take it.</summary>
    Task ReleaseAsync(string holder);

    /// <summary>The lease as it stands; null before anyone held it.</summary>
    Task<IndexerLease?> GetAsync();
}
