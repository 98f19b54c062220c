using Nethereum.Util;

namespace MedRec.Grains.Signing;

/// <summary>The EIP-712 pieces MedRec's hand-rolled hashers share: keccak-256 and the final digest
/// keccak256(0x19 0x01 ‖ domainSeparator ‖ hashStruct).</summary>
internal static class Eip712
{
    public const int Word = 32;

    public static byte[] Keccak(byte[] data) => Sha3Keccack.Current.CalculateHash(data);

    /// <summary>Writes keccak256(0x19 0x01 ‖ <paramref name="domainSeparator"/> ‖ <paramref name="structHash"/>) into
    /// <paramref name="digest"/> (32 bytes).</summary>
    public static void Digest(ReadOnlySpan<byte> domainSeparator, ReadOnlySpan<byte> structHash, Span<byte> digest)
    {
        var message = new byte[2 + 2 * Word];
        message[0] = 0x19;
        message[1] = 0x01;
        domainSeparator.CopyTo(message.AsSpan(2));
        structHash.CopyTo(message.AsSpan(2 + Word));
        Keccak(message).CopyTo(digest);
    }
}
