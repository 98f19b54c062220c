using System.Buffers.Binary;
using System.Text;
using MedRec.Grains.Abstractions.Access;

namespace MedRec.Grains.Signing;

/// <summary>
/// The EIP-712 digest of an <see cref="ApiRequest"/> in the same domain as access requests, encoded by hand for the one
/// fixed type (as <see cref="AccessRequestHasher"/>); equal to Nethereum's generic encoding of
/// <see cref="ApiRequestTypedData"/>. Thread-safe.
/// </summary>
public sealed class ApiRequestHasher
{
    public const string PrimaryType = "ApiRequest";

    /// <summary>The EIP-712 encodeType of the request (the signed field order).</summary>
    public const string EncodedType =
        "ApiRequest(address signer,string method,string path,bytes32 bodyHash,bytes32 nonce,uint64 expiresAt)";

    private const int Word = 32;
    private const int StructWords = 7; // type hash + 6 members

    private static readonly byte[] TypeHashBytes = Keccak(Encoding.UTF8.GetBytes(EncodedType));

    /// <summary>keccak-256 of zero bytes: the body hash of a request without a body.</summary>
    public static readonly string EmptyBodyHash = BodyHash([]);

    private readonly byte[] _domainSeparator;

    /// <exception cref="FormatException">The domain's contract is not a 0x-hex address.</exception>
    public ApiRequestHasher(AccessRequestDomain domain)
    {
        ArgumentNullException.ThrowIfNull(domain);
        Domain = domain;
        _domainSeparator = new AccessRequestHasher(domain).DomainSeparator.ToArray();
    }

    public AccessRequestDomain Domain { get; }

    public static ReadOnlySpan<byte> TypeHash => TypeHashBytes;

    /// <summary>keccak-256 of the raw body bytes, lowercase 0x-hex (the request's <see cref="ApiRequest.BodyHash"/>).</summary>
    public static string BodyHash(ReadOnlySpan<byte> body) => "0x" + Convert.ToHexStringLower(Keccak(body.ToArray()));

    /// <summary>The 32-byte digest the signer signs.</summary>
    /// <exception cref="FormatException">A field is not in its 0x-hex format.</exception>
    public byte[] Hash(ApiRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Span<byte> structHash = stackalloc byte[Word];
        HashStruct(request, structHash);
        var digest = new byte[Word];
        Eip712.Digest(_domainSeparator, structHash, digest);
        return digest;
    }

    /// <summary>hashStruct(request): keccak256(typeHash ‖ encodeData(request)).</summary>
    /// <exception cref="FormatException">A field is not in its 0x-hex format.</exception>
    public static void HashStruct(ApiRequest request, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Method);
        ArgumentNullException.ThrowIfNull(request.Path);
        var encoded = new byte[StructWords * Word]; // zeroed: the address and the uint64 are left-padded words
        var span = encoded.AsSpan();
        TypeHashBytes.CopyTo(span);
        AccessRequestFormat.DecodeHex(request.Signer, span.Slice(1 * Word + 12, 20));
        Keccak(Encoding.UTF8.GetBytes(request.Method)).CopyTo(span.Slice(2 * Word, Word));
        Keccak(Encoding.UTF8.GetBytes(request.Path)).CopyTo(span.Slice(3 * Word, Word));
        AccessRequestFormat.DecodeHex(request.BodyHash, span.Slice(4 * Word, Word));
        AccessRequestFormat.DecodeHex(request.Nonce, span.Slice(5 * Word, Word));
        BinaryPrimitives.WriteUInt64BigEndian(span.Slice(7 * Word - 8, 8), request.ExpiresAt);
        Keccak(encoded).CopyTo(destination);
    }

    private static byte[] Keccak(byte[] data) => Eip712.Keccak(data);
}
