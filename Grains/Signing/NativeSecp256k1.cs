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

    private static readonly Lazy<nint> Context = new(() => secp256k1_context_create(ContextVerify));

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

    [LibraryImport(Library)]
    private static partial nint secp256k1_context_create(uint flags);

    [LibraryImport(Library)]
    private static partial int secp256k1_ecdsa_recoverable_signature_parse_compact(nint context, ref byte signature, in byte input64, int recoveryId);

    [LibraryImport(Library)]
    private static partial int secp256k1_ecdsa_recover(nint context, ref byte publicKey, in byte signature, in byte digest32);

    [LibraryImport(Library)]
    private static partial int secp256k1_ec_pubkey_serialize(nint context, ref byte output, ref nuint outputLength, in byte publicKey, uint flags);
}
