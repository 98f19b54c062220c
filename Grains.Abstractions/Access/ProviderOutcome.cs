namespace MedRec.Grains.Abstractions.Access;

/// <summary>How one provider answered (or did not answer) a request.</summary>
public enum ProviderOutcome
{
    Ok = 0,
    Denied = 1,
    TimedOut = 2,

    /// <summary>At least one pointer's data no longer matches the hash on chain; those records are withheld.</summary>
    IntegrityFailed = 3,

    /// <summary>The provider's store (or gatekeeper) could not be reached.</summary>
    Unavailable = 4,
}
