using Nethereum.Signer;

namespace MedRec.Grains.Writes;

/// <summary>
/// Where the silo finds a participant's custody key to sign its transactions (docs/adr/0004-http-api.md). The only
/// implementation today is the demo's <see cref="TestKeyStore"/>; a production deployment plugs in an HSM/KMS-backed
/// store here. Keys never leave the silo side and are never logged.
/// </summary>
public interface IParticipantKeyStore
{
    /// <summary>The participant's key, or null when this store holds none for it.</summary>
    ValueTask<EthECKey?> FindAsync(string participant, CancellationToken cancellationToken);
}
