using System.Security.Cryptography;
using System.Text;
using Nethereum.Util;

namespace MedRec.ChainIndexer.Chain;

/// <summary>
/// The salted identity hash the Registrar stores: keccak256(salt || UTF-8 identity). The identity string (a name,
/// a record number) and the salt stay off chain with the participant; only the 32-byte commitment is published.
/// </summary>
public static class IdentityCommitment
{
    public const int SaltLength = 32;

    public static byte[] NewSalt() => RandomNumberGenerator.GetBytes(SaltLength);

    public static byte[] Create(string identity, ReadOnlySpan<byte> salt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(identity);
        if (salt.Length < 16)
        {
            throw new ArgumentException("A salt of at least 16 bytes keeps the identity from being guessed.", nameof(salt));
        }

        var identityBytes = Encoding.UTF8.GetBytes(identity);
        var input = new byte[salt.Length + identityBytes.Length];
        salt.CopyTo(input);
        identityBytes.CopyTo(input, salt.Length);
        return Sha3Keccack.Current.CalculateHash(input);
    }
}
