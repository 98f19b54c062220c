using System.Buffers.Binary;
using System.Text;
using MedRec.Grains.Abstractions.Access;

namespace MedRec.Grains.Signing;

/// <summary>
/// The EIP-712 digest of a <see cref="DecisionReceipt"/> in MedRec's domain (the one the requests are signed in),
/// encoded by hand for the fixed type as <see cref="AccessRequestHasher"/> is; equal to Nethereum's generic encoding
/// of <see cref="DecisionReceiptTypedData"/> (tested). The signature and the domain members of the receipt are not
/// part of the struct: the domain is the hasher's. Thread-safe.
/// </summary>
public sealed class DecisionReceiptHasher
{
    public const string PrimaryType = "DecisionReceipt";
    public const string PointerType = "ReceiptPointer";

    public const string EncodedPointerType =
        "ReceiptPointer(bytes32 pointerId,uint64 version,bytes32 dataHash,bytes32 computedHash,string verdict)";

    /// <summary>The EIP-712 encodeType of the receipt (the signed field order; the referenced type appended).</summary>
    public const string EncodedType =
        "DecisionReceipt(bytes32 requestHash,address asker,address patient,address provider,bytes32 requestedPointer,"
        + "string purpose,string outcome,string reason,ReceiptPointer[] pointers,uint64 blockNumber,bytes32 blockHash,uint64 issuedAt)"
        + EncodedPointerType;

    private const int Word = 32;
    private const int StructWords = 13; // type hash + 12 members
    private const int PointerWords = 6; // type hash + 5 members

    private static readonly byte[] TypeHashBytes = Keccak(Encoding.UTF8.GetBytes(EncodedType));
    private static readonly byte[] PointerTypeHashBytes = Keccak(Encoding.UTF8.GetBytes(EncodedPointerType));

    private readonly byte[] _domainSeparator;

    /// <exception cref="FormatException">The domain's contract is not a 0x-hex address.</exception>
    public DecisionReceiptHasher(AccessRequestDomain domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        Domain = domain;
        _domainSeparator = new AccessRequestHasher(domain).DomainSeparator.ToArray();
    }

    public AccessRequestDomain Domain { get; }

    /// <summary>The 32-byte digest the provider signs.</summary>
    /// <exception cref="FormatException">A field is not in its 0x-hex format.</exception>
    public byte[] Hash(DecisionReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        Span<byte> structHash = stackalloc byte[Word];
        HashStruct(receipt, structHash);
        var digest = new byte[Word];
        Eip712.Digest(_domainSeparator, structHash, digest);
        return digest;
    }

    /// <summary>hashStruct(receipt).</summary>
    /// <exception cref="FormatException">A field is not in its 0x-hex format.</exception>
    public static void HashStruct(DecisionReceipt receipt, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var encoded = new byte[StructWords * Word];
        var span = encoded.AsSpan();
        TypeHashBytes.CopyTo(span);
        AccessRequestFormat.DecodeHex(receipt.RequestHash, span.Slice(1 * Word, Word));
        AccessRequestFormat.DecodeHex(receipt.Asker, span.Slice(2 * Word + 12, 20));
        AccessRequestFormat.DecodeHex(receipt.Patient, span.Slice(3 * Word + 12, 20));
        AccessRequestFormat.DecodeHex(receipt.Provider, span.Slice(4 * Word + 12, 20));
        AccessRequestFormat.DecodeHex(receipt.RequestedPointer, span.Slice(5 * Word, Word));
        KeccakText(receipt.Purpose, span.Slice(6 * Word, Word));
        KeccakText(receipt.Outcome, span.Slice(7 * Word, Word));
        KeccakText(receipt.Reason, span.Slice(8 * Word, Word));

        var pointers = receipt.Pointers ?? throw new FormatException("pointers is missing");
        var hashes = new byte[pointers.Count * Word];
        for (var i = 0; i < pointers.Count; i++) HashPointer(pointers[i], hashes.AsSpan(i * Word, Word));
        Keccak(hashes).CopyTo(span.Slice(9 * Word, Word));

        BinaryPrimitives.WriteUInt64BigEndian(span.Slice(11 * Word - 8, 8), receipt.BlockNumber);
        AccessRequestFormat.DecodeHex(receipt.BlockHash, span.Slice(11 * Word, Word));
        BinaryPrimitives.WriteUInt64BigEndian(span.Slice(13 * Word - 8, 8), receipt.IssuedAt);
        Keccak(encoded).CopyTo(destination);
    }

    private static void HashPointer(ReceiptPointer pointer, Span<byte> destination)
    {
        if (pointer is null) throw new FormatException("a pointer is missing");
        var encoded = new byte[PointerWords * Word];
        var span = encoded.AsSpan();
        PointerTypeHashBytes.CopyTo(span);
        AccessRequestFormat.DecodeHex(pointer.PointerId, span.Slice(1 * Word, Word));
        BinaryPrimitives.WriteUInt64BigEndian(span.Slice(3 * Word - 8, 8), pointer.Version);
        AccessRequestFormat.DecodeHex(pointer.DataHash, span.Slice(3 * Word, Word));
        AccessRequestFormat.DecodeHex(pointer.ComputedHash, span.Slice(4 * Word, Word));
        KeccakText(pointer.Verdict, span.Slice(5 * Word, Word));
        Keccak(encoded).CopyTo(destination);
    }

    private static void KeccakText(string? text, Span<byte> destination) =>
        Keccak(Encoding.UTF8.GetBytes(text ?? throw new FormatException("a text member is missing"))).CopyTo(destination);

    private static byte[] Keccak(byte[] data) => Eip712.Keccak(data);
}
