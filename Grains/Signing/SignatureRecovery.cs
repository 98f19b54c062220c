using System.Diagnostics.CodeAnalysis;
using NBitcoin.Secp256k1;
using Nethereum.Util;

namespace MedRec.Grains.Signing;

/// <summary>
/// Recovers the Ethereum address that signed a 32-byte digest from a 65-byte signature r ‖ s ‖ v with
/// NBitcoin.Secp256k1 (a managed port of libsecp256k1, many times faster than the BouncyCastle path Nethereum uses).
/// v is 27/28 or 0/1. Signatures with a high s (the malleable twin of a valid one, EIP-2) are refused, so one
/// signed request has exactly one valid signature. Thread-safe.
/// </summary>
public static class SignatureRecovery
{
    public const int SignatureLength = 65;
    public const int DigestLength = 32;

    /// <summary>The signer's address, lowercase 0x-hex.</summary>
    /// <exception cref="ArgumentException">The digest is not 32 bytes or the signature is malformed (the message says why).</exception>
    public static string Recover(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature) =>
        TryRecover(digest, signature, out var address, out var error) ? address : throw new ArgumentException(error);

    /// <summary>The signer's address from a 0x-hex signature, lowercase 0x-hex.</summary>
    /// <exception cref="ArgumentException">The digest is not 32 bytes or the signature is malformed (the message says why).</exception>
    public static string Recover(ReadOnlySpan<byte> digest, string signatureHex) =>
        TryRecover(digest, signatureHex, out var address, out var error) ? address : throw new ArgumentException(error);

    /// <summary>Recovers the signer from a 0x-hex signature (130 hex digits, any case).</summary>
    public static bool TryRecover(
        ReadOnlySpan<byte> digest, string? signatureHex,
        [NotNullWhen(true)] out string? address, [NotNullWhen(false)] out string? error)
    {
        Span<byte> signature = stackalloc byte[SignatureLength];
        if (!AccessRequestFormat.IsHex(signatureHex, SignatureLength))
        {
            address = null;
            error = signatureHex is null
                ? "the signature is missing"
                : $"the signature is not 0x and {2 * SignatureLength} hex digits ({signatureHex.Length} characters)";
            return false;
        }

        Convert.FromHexString(signatureHex.AsSpan(2), signature, out _, out _);
        return TryRecover(digest, signature, out address, out error);
    }

    /// <summary>Recovers the signer from a 65-byte signature r ‖ s ‖ v.</summary>
    public static bool TryRecover(
        ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature,
        [NotNullWhen(true)] out string? address, [NotNullWhen(false)] out string? error) =>
        TryRecover(digest, signature, UseNative, out address, out error);

    /// <summary>As <see cref="TryRecover(ReadOnlySpan{byte}, ReadOnlySpan{byte}, out string?, out string?)"/>, with the
    /// recovery done by the C libsecp256k1 (<paramref name="native"/>) or the managed port.</summary>
    public static bool TryRecover(
        ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature, bool native,
        [NotNullWhen(true)] out string? address, [NotNullWhen(false)] out string? error)
    {
        address = null;
        if (digest.Length != DigestLength) { error = $"the digest is {digest.Length} bytes, not {DigestLength}"; return false; }
        if (signature.Length != SignatureLength) { error = $"the signature is {signature.Length} bytes, not {SignatureLength}"; return false; }

        int recoveryId = signature[64] switch
        {
            27 or 0 => 0,
            28 or 1 => 1,
            _ => -1,
        };
        if (recoveryId < 0) { error = $"the signature's v is {signature[64]}, not 27, 28, 0 or 1"; return false; }

        var r = new Scalar(signature[..32], out var rOverflow);
        var s = new Scalar(signature[32..64], out var sOverflow);
        if (rOverflow != 0 || r.IsZero) { error = "the signature's r is zero or not below the curve order"; return false; }
        if (sOverflow != 0 || s.IsZero) { error = "the signature's s is zero or not below the curve order"; return false; }
        if (s.IsHigh) { error = "the signature's s is in the upper half of the curve order (malleable, EIP-2)"; return false; }

        var recovered = native
            ? NativeSecp256k1.TryRecover(digest, signature, recoveryId, out address)
            : TryRecoverManaged(digest, signature, recoveryId, out address);
        error = recovered ? null : "no public key can be recovered from the signature";
        return recovered;
    }

    /// <summary>Whether recovery runs in the C libsecp256k1 (true when it loads) rather than the managed port. Set
    /// only at start (or by a benchmark comparing the two).</summary>
    public static bool UseNative { get; set; } = NativeSecp256k1.IsAvailable();

    private static bool TryRecoverManaged(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature, int recoveryId, out string? address)
    {
        address = null;
        if (!SecpRecoverableECDSASignature.TryCreateFromCompact(signature[..64], recoveryId, out var recoverable)
            || !ECPubKey.TryRecover(Context.Instance, recoverable, digest, out var publicKey))
        {
            return false;
        }

        address = AddressOf(publicKey);
        return true;
    }

    /// <summary>The Ethereum address of a public key: the last 20 bytes of keccak256(x ‖ y), lowercase 0x-hex.</summary>
    public static string AddressOf(ECPubKey publicKey)
    {
        ArgumentNullException.ThrowIfNull(publicKey);
        Span<byte> uncompressed = stackalloc byte[65];
        publicKey.WriteToSpan(compressed: false, uncompressed, out _);
        var hash = Sha3Keccack.Current.CalculateHash(uncompressed[1..].ToArray());
        return "0x" + Convert.ToHexStringLower(hash.AsSpan(12));
    }
}
