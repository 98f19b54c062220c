namespace MedRec.Grains.Abstractions.Access;

/// <summary>Whether the data behind a pointer is what the provider published on chain.</summary>
public enum IntegrityVerdict
{
    /// <summary>The stored query matches the on-chain commitment and its result hashes to the on-chain data hash.</summary>
    Verified = 0,

    /// <summary>The result's hash differs from the on-chain data hash: the records changed after publication.</summary>
    DataHashMismatch = 1,

    /// <summary>The provider's stored query does not match the on-chain commitment, or is missing or invalid.</summary>
    QueryMismatch = 2,
}
