using System.Runtime.InteropServices;
using Nethereum.Util;

namespace MedRec.Grains.Signing;

/// <summary>
/// Public-key recovery with the C libsecp256k1 (Debian's libsecp256k1-1, built with its recovery module; installed by
/// scripts/setup.sh) through P/Invoke: ~5x faster than NBitcoin.Secp256k1's managed port here (docs/benchmarks.md).
/// <see cref="SignatureRecovery"/> uses it when the library loads and falls back to the managed port otherwise.
/// Inputs are validated by <see cref="SignatureRecovery"/> before they get here.
/// </summary>
public static partial class NativeSecp256k1
{
    private const string Library = "libsecp256k1.so.1";
    private const uint ContextVerify = (1 << 0) | (1 << 8);
    private const uint Uncompressed = 1 << 1;

    private const uint ContextSign = (1 << 0) | (1 << 9);

    private static readonly Lazy<nint> Context = new(() => secp256k1_context_create(ContextVerify));

    // A context of its own for signing, randomized once (libsecp256k1's blinding against side channels).
    private static readonly Lazy<nint> SigningContext = new(() =>
    {
        var context = secp256k1_context_create(ContextSign | ContextVerify);
        Span<byte> seed = stackalloc byte[32];
        System.Security.Cryptography.RandomNumberGenerator.Fill(seed);
        if (secp256k1_context_randomize(context, in MemoryMarshal.GetReference(seed)) != 1) throw new InvalidOperationException("libsecp256k1 refused the context seed");
        return context;
    });

    private static readonly Lazy<bool> Available = new(() =>
    {
        try
        {
            return Context.Value != 0;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or BadImageFormatException)
        {
            return false;
        }
    });

    /// <summary>Whether the shared library loads on this machine.</summary>
    public static bool IsAvailable() => Available.Value;

    /// <summary>Recovers the signer's address, or answers false when the library finds no public key.</summary>
    public static bool TryRecover(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature, int recoveryId, out string? address)
    {
        Span<byte> recoverable = stackalloc byte[65];
        Span<byte> publicKey = stackalloc byte[64];
        Span<byte> serialized = stackalloc byte[65];
        var length = (nuint)serialized.Length;
        var context = Context.Value;
        if (secp256k1_ecdsa_recoverable_signature_parse_compact(context, ref MemoryMarshal.GetReference(recoverable),
                in MemoryMarshal.GetReference(signature), recoveryId) != 1
            || secp256k1_ecdsa_recover(context, ref MemoryMarshal.GetReference(publicKey),
                in MemoryMarshal.GetReference(recoverable), in MemoryMarshal.GetReference(digest)) != 1
            || secp256k1_ec_pubkey_serialize(context, ref MemoryMarshal.GetReference(serialized), ref length,
                in MemoryMarshal.GetReference(publicKey), Uncompressed) != 1)
        {
            address = null;
            return false;
        }

        address = "0x" + Convert.ToHexStringLower(Sha3Keccack.Current.CalculateHash(serialized[1..].ToArray()).AsSpan(12));
        return true;
    }

    /// <summary>The signer's address (lowercase 0x-hex) of a 32-byte digest and a 65-byte r ‖ s ‖ v signature (v 27/28).</summary>
    public static string Recover(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature) =>
        TryRecover(digest, signature, signature[64] - 27, out var address) ? address! : throw new ArgumentException("libsecp256k1 could not recover a public key");

    /// <summary>Signs a 32-byte digest (RFC 6979 nonce, low s) into a 65-byte r ‖ s ‖ v signature (v 27/28); false when
    /// the library refuses the key (zero or not below the curve order).</summary>
    public static bool TrySign(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> privateKey, Span<byte> signature)
    {
        if (digest.Length != 32 || privateKey.Length != 32 || signature.Length != 65) throw new ArgumentException("digest and key are 32 bytes, the signature 65");
        Span<byte> recoverable = stackalloc byte[65];
        var context = SigningContext.Value;
        if (secp256k1_ecdsa_sign_recoverable(context, ref MemoryMarshal.GetReference(recoverable), in MemoryMarshal.GetReference(digest),
                in MemoryMarshal.GetReference(privateKey), 0, 0) != 1
            || secp256k1_ecdsa_recoverable_signature_serialize_compact(context, ref MemoryMarshal.GetReference(signature),
                out var recoveryId, in MemoryMarshal.GetReference(recoverable)) != 1)
        {
            return false;
        }

        signature[64] = (byte)(27 + recoveryId);
        return true;
    }

    [LibraryImport(Library)]
    private static partial nint secp256k1_context_create(uint flags);

    [LibraryImport(Library)]
    private static partial int secp256k1_context_randomize(nint context, in byte seed32);

    [LibraryImport(Library)]
    private static partial int secp256k1_ecdsa_sign_recoverable(nint context, ref byte signature, in byte digest32, in byte secretKey, nint nonceFunction, nint nonceData);

    [LibraryImport(Library)]
    private static partial int secp256k1_ecdsa_recoverable_signature_serialize_compact(nint context, ref byte output64, out int recoveryId, in byte signature);

    [LibraryImport(Library)]
    private static partial int secp256k1_ecdsa_recoverable_signature_parse_compact(nint context, ref byte signature, in byte input64, int recoveryId);

    [LibraryImport(Library)]
    private static partial int secp256k1_ecdsa_recover(nint context, ref byte publicKey, in byte signature, in byte digest32);

    [LibraryImport(Library)]
    private static partial int secp256k1_ec_pubkey_serialize(nint context, ref byte output, ref nuint outputLength, in byte publicKey, uint flags);
}
