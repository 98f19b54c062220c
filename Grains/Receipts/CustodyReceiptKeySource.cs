using System.Collections.Concurrent;
using System.Security.Cryptography;
using MedRec.Grains.Signing;
using MedRec.Grains.Writes;

namespace MedRec.Grains.Receipts;

/// <summary>
/// Receipt keys from the participant key store that also signs the providers' transactions (the demo's custody
/// store). The signer built for a key is kept and used again while the store answers the same key, so a receipt
/// costs one signature, not a key parse. Without a key store (a silo without chain writers) it finds nothing.
/// </summary>
public sealed class CustodyReceiptKeySource(IParticipantKeyStore? store) : IReceiptKeySource
{
    private readonly ConcurrentDictionary<string, (byte[] Key, Secp256k1DigestSigner Signer)> _signers = new(StringComparer.Ordinal);

    public async ValueTask<IDigestSigner?> FindAsync(string provider, CancellationToken cancellationToken)
    {
        if (store is null) return null;
        var key = await store.FindAsync(provider, cancellationToken);
        if (key is null) return null;
        var bytes = key.GetPrivateKeyAsBytes();
        if (bytes.Length > 32 && bytes[0] == 0) bytes = bytes[^32..]; // BouncyCastle may add a sign byte
        if (_signers.TryGetValue(provider, out var known) && CryptographicOperations.FixedTimeEquals(known.Key, bytes)) return known.Signer;

        var signer = new Secp256k1DigestSigner(bytes);
        // Never sign a provider's receipt with another participant's key.
        if (!string.Equals(signer.Address, provider, StringComparison.OrdinalIgnoreCase)) return null;
        _signers[provider] = (bytes, signer);
        return signer;
    }
}
