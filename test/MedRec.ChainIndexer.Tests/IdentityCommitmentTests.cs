using System.Text;
using MedRec.ChainIndexer.Chain;
using Nethereum.Util;

namespace MedRec.ChainIndexer.Tests;

public sealed class IdentityCommitmentTests
{
    [Fact]
    public void Commitment_is_keccak_of_salt_then_identity()
    {
        var salt = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
        var expected = Sha3Keccack.Current.CalculateHash(salt.Concat(Encoding.UTF8.GetBytes("Ada Lovelace|1815-12-10")).ToArray());

        Assert.Equal(expected, IdentityCommitment.Create("Ada Lovelace|1815-12-10", salt));
    }

    [Fact]
    public void Same_identity_with_another_salt_gives_an_unlinkable_commitment()
    {
        var first = IdentityCommitment.Create("MRN-0042", IdentityCommitment.NewSalt());
        var second = IdentityCommitment.Create("MRN-0042", IdentityCommitment.NewSalt());

        Assert.Equal(32, first.Length);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Short_salt_and_empty_identity_are_refused()
    {
        Assert.Throws<ArgumentException>(() => IdentityCommitment.Create("MRN-0042", new byte[8]));
        Assert.Throws<ArgumentException>(() => IdentityCommitment.Create(" ", IdentityCommitment.NewSalt()));
    }
}
