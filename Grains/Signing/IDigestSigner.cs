namespace MedRec.Grains.Signing;

/// <summary>A secp256k1 key that signs 32-byte digests, wherever it lives (in memory for the demo, an HSM or KMS for a
/// hospital): the key itself need never reach the silo.</summary>
public interface IDigestSigner
{
    /// <summary>The key's Ethereum address, lowercase 0x-hex.</summary>
    string Address { get; }

    /// <summary>Writes the 65-byte r ‖ s ‖ v signature (low s, v 27/28) of <paramref name="digest"/>.</summary>
    void Sign(ReadOnlySpan<byte> digest, Span<byte> signature);
}
