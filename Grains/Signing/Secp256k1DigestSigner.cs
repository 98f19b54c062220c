using NBitcoin.Secp256k1;

namespace MedRec.Grains.Signing;

/// <summary>
/// Signs 32-byte digests with one secp256k1 key held in memory: the C libsecp256k1 (<see cref="NativeSecp256k1"/>)
/// when it loads, else NBitcoin.Secp256k1's managed port. RFC 6979 nonces and low s (EIP-2), r ‖ s ‖ v with v 27/28,
/// as <see cref="SignatureRecovery"/> accepts. Thread-safe. The key is never exposed again.
/// </summary>
public sealed class Secp256k1DigestSigner : IDigestSigner
{
    private readonly byte[] _privateKey;
    private readonly ECPrivKey _managed;

    /// <exception cref="ArgumentException">The key is not a valid 32-byte secp256k1 private key.</exception>
    public Secp256k1DigestSigner(ReadOnlySpan<byte> privateKey)
    {
        if (privateKey.Length != 32 || !ECPrivKey.TryCreate(privateKey, out var managed))
        {
            throw new ArgumentException("not a 32-byte secp256k1 private key", nameof(privateKey));
        }

        _privateKey = privateKey.ToArray();
        _managed = managed;
        Address = SignatureRecovery.AddressOf(managed.CreatePubKey());
    }

    public string Address { get; }

    /// <summary>Whether signing runs in the C libsecp256k1 (set at start, or by a benchmark comparing the two).</summary>
    public bool UseNative { get; set; } = NativeSecp256k1.IsAvailable();

    public void Sign(ReadOnlySpan<byte> digest, Span<byte> signature)
    {
        if (digest.Length != SignatureRecovery.DigestLength) throw new ArgumentException("the digest is 32 bytes", nameof(digest));
        if (signature.Length != SignatureRecovery.SignatureLength) throw new ArgumentException("the signature is 65 bytes", nameof(signature));
        if (UseNative)
        {
            if (!NativeSecp256k1.TrySign(digest, _privateKey, signature)) throw new InvalidOperationException("libsecp256k1 could not sign");
            return;
        }

        if (!_managed.TrySignRecoverable(digest, out var recoverable) || recoverable is null)
        {
            throw new InvalidOperationException("secp256k1 could not sign");
        }

        recoverable.WriteToSpanCompact(signature[..64], out var recoveryId);
        signature[64] = (byte)(27 + recoveryId);
    }
}
