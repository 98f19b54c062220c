using System.Runtime.InteropServices;
using Nethereum.Util;

namespace MedRec.Bench;

/// <summary>
/// Public-key recovery with the C libsecp256k1 (Debian's libsecp256k1-1, built with its recovery module) through
/// P/Invoke, measured as an option next to NBitcoin.Secp256k1's managed port. Not used by the gatekeeper.
/// </summary>
internal static partial class NativeSecp256k1
{
    private const string Library = "libsecp256k1.so.1";
    private const uint ContextVerify = (1 << 0) | (1 << 8);
    private const uint Uncompressed = 1 << 1;

    private static readonly Lazy<nint> Context = new(() => secp256k1_context_create(ContextVerify));

    /// <summary>Whether the shared library loads on this machine.</summary>
    public static bool IsAvailable()
    {
        try
        {
            return Context.Value != 0;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
    }

    /// <summary>The signer's address (lowercase 0x-hex) of a 32-byte digest and a 65-byte r ‖ s ‖ v signature.</summary>
    public static string Recover(ReadOnlySpan<byte> digest, ReadOnlySpan<byte> signature)
    {
        Span<byte> recoverable = stackalloc byte[65];
        Span<byte> publicKey = stackalloc byte[64];
        Span<byte> serialized = stackalloc byte[65];
        var length = (nuint)serialized.Length;
        var context = Context.Value;
        if (secp256k1_ecdsa_recoverable_signature_parse_compact(context, ref MemoryMarshal.GetReference(recoverable),
                in MemoryMarshal.GetReference(signature), signature[64] - 27) != 1
            || secp256k1_ecdsa_recover(context, ref MemoryMarshal.GetReference(publicKey),
                in MemoryMarshal.GetReference(recoverable), in MemoryMarshal.GetReference(digest)) != 1
            || secp256k1_ec_pubkey_serialize(context, ref MemoryMarshal.GetReference(serialized), ref length,
                in MemoryMarshal.GetReference(publicKey), Uncompressed) != 1)
        {
            throw new ArgumentException("libsecp256k1 could not recover a public key");
        }

        return "0x" + Convert.ToHexStringLower(Sha3Keccack.Current.CalculateHash(serialized[1..].ToArray()).AsSpan(12));
    }

    [LibraryImport(Library)]
    private static partial nint secp256k1_context_create(uint flags);

    [LibraryImport(Library)]
    private static partial int secp256k1_ecdsa_recoverable_signature_parse_compact(nint context, ref byte signature, in byte input64, int recoveryId);

    [LibraryImport(Library)]
    private static partial int secp256k1_ecdsa_recover(nint context, ref byte publicKey, in byte signature, in byte digest32);

    [LibraryImport(Library)]
    private static partial int secp256k1_ec_pubkey_serialize(nint context, ref byte output, ref nuint outputLength, in byte publicKey, uint flags);
}
