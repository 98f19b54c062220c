using System.Numerics;
using MedRec.Grains.Signing;
using Nethereum.Signer;

namespace MedRec.Grains.Tests.Signing;

public sealed class SignatureRecoveryTests
{
    /// <summary>secp256k1's group order n.</summary>
    private static readonly BigInteger Order = BigInteger.Parse("0FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", System.Globalization.NumberStyles.HexNumber);

    [Fact]
    public void Recovery_equals_Nethereums_on_many_random_keys_and_digests()
    {
        var random = new Random(256);
        for (var i = 0; i < 300; i++)
        {
            var key = EthECKey.GenerateKey();
            var digest = new byte[32];
            random.NextBytes(digest);
            var signature = key.SignAndCalculateV(digest);
            var bytes = Convert.FromHexString(EthECDSASignature.CreateStringSignature(signature).AsSpan(2));

            var ours = SignatureRecovery.Recover(digest, bytes);

            Assert.Equal(EthECKey.RecoverFromSignature(signature, digest).GetPublicAddress().ToLowerInvariant(), ours);
            Assert.Equal(key.GetPublicAddress().ToLowerInvariant(), ours);

            bytes[64] -= 27; // the same signature with v as 0/1
            Assert.Equal(ours, SignatureRecovery.Recover(digest, bytes));
        }
    }

    [Fact]
    public void The_C_libsecp256k1_and_the_managed_port_recover_the_same_signers_and_refuse_the_same_signatures()
    {
        Assert.True(NativeSecp256k1.IsAvailable(), "libsecp256k1.so.1 did not load: scripts/setup.sh installs the Debian package libsecp256k1-1");
        Assert.True(SignatureRecovery.UseNative, "the gatekeeper does not use the native library although it loads");
        var random = new Random(512);
        for (var i = 0; i < 300; i++)
        {
            var key = EthECKey.GenerateKey();
            var digest = new byte[32];
            random.NextBytes(digest);
            var bytes = Convert.FromHexString(EthECDSASignature.CreateStringSignature(key.SignAndCalculateV(digest)).AsSpan(2));
            if (i % 3 == 0) bytes[random.Next(64)] ^= (byte)(1 << random.Next(8)); // a damaged signature: both must agree

            var native = SignatureRecovery.TryRecover(digest, bytes, native: true, out var nativeAddress, out _);
            var managed = SignatureRecovery.TryRecover(digest, bytes, native: false, out var managedAddress, out _);

            Assert.Equal(managed, native);
            Assert.Equal(managedAddress, nativeAddress);
            if (i % 3 != 0) Assert.Equal(key.GetPublicAddress().ToLowerInvariant(), nativeAddress);
        }
    }

    [Fact]
    public void A_hex_signature_recovers_like_its_bytes_in_any_case()
    {
        var key = EthECKey.GenerateKey();
        var digest = new byte[32];
        new Random(1).NextBytes(digest);
        var hex = EthECDSASignature.CreateStringSignature(key.SignAndCalculateV(digest));

        Assert.Equal(key.GetPublicAddress().ToLowerInvariant(), SignatureRecovery.Recover(digest, hex.ToUpperInvariant().Replace("0X", "0x")));
    }

    [Fact]
    public void The_high_s_twin_of_a_valid_signature_is_refused_though_Nethereum_recovers_it()
    {
        var key = EthECKey.GenerateKey();
        var digest = new byte[32];
        new Random(2).NextBytes(digest);
        var bytes = Convert.FromHexString(EthECDSASignature.CreateStringSignature(key.SignAndCalculateV(digest)).AsSpan(2));
        var twin = HighSTwin(bytes);

        Assert.False(SignatureRecovery.TryRecover(digest, twin, out _, out var error));
        Assert.Contains("upper half", error);
        var nethereum = EthECKey.RecoverFromSignature(EthECDSASignatureFactory.FromComponents(twin[..32], twin[32..64], twin[64]), digest);
        Assert.Equal(key.GetPublicAddress(), nethereum.GetPublicAddress());
    }

    [Theory]
    [InlineData(64, "is 64 bytes")]
    [InlineData(66, "is 66 bytes")]
    [InlineData(0, "is 0 bytes")]
    public void A_signature_of_the_wrong_length_is_refused(int length, string expected)
    {
        Assert.False(SignatureRecovery.TryRecover(new byte[32], new byte[length], out _, out var error));
        Assert.Contains(expected, error);
    }

    [Theory]
    [InlineData(null, "missing")]
    [InlineData("", "0 characters")]
    [InlineData("0x", "2 characters")]
    [InlineData("zz", "2 characters")]
    public void A_hex_signature_that_is_not_130_hex_digits_is_refused(string? signature, string expected)
    {
        Assert.False(SignatureRecovery.TryRecover(new byte[32], signature, out _, out var error));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void Garbage_hex_and_a_missing_prefix_are_refused()
    {
        var valid = "0x" + new string('1', 128) + "1b";
        Assert.False(SignatureRecovery.TryRecover(new byte[32], "0x" + new string('g', 130), out _, out _));
        Assert.False(SignatureRecovery.TryRecover(new byte[32], valid[2..] + "00", out _, out _));
        Assert.False(SignatureRecovery.TryRecover(new byte[32], valid[..^1] + " ", out _, out _));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(26)]
    [InlineData(29)]
    [InlineData(37)]
    public void An_unknown_v_is_refused(byte v)
    {
        var signature = ValidSignature(out var digest);
        signature[64] = v;
        Assert.False(SignatureRecovery.TryRecover(digest, signature, out _, out var error));
        Assert.Contains($"v is {v}", error);
    }

    [Fact]
    public void A_zero_or_out_of_range_r_or_s_is_refused()
    {
        var signature = ValidSignature(out var digest);
        var order = ToBytes32(Order);

        Assert.False(SignatureRecovery.TryRecover(digest, [.. new byte[32], .. signature[32..]], out _, out var zeroR));
        Assert.Contains("r is zero", zeroR);
        Assert.False(SignatureRecovery.TryRecover(digest, [.. order, .. signature[32..]], out _, out var bigR));
        Assert.Contains("not below the curve order", bigR);
        Assert.False(SignatureRecovery.TryRecover(digest, [.. signature[..32], .. new byte[32], signature[64]], out _, out var zeroS));
        Assert.Contains("s is zero", zeroS);
    }

    [Fact]
    public void The_digest_must_be_32_bytes()
    {
        var signature = ValidSignature(out _);
        Assert.Throws<ArgumentException>(() => SignatureRecovery.Recover(new byte[31], signature));
    }

    private static byte[] ValidSignature(out byte[] digest)
    {
        digest = new byte[32];
        new Random(3).NextBytes(digest);
        return Convert.FromHexString(EthECDSASignature.CreateStringSignature(EthECKey.GenerateKey().SignAndCalculateV(digest)).AsSpan(2));
    }

    /// <summary>(r, n - s, v flipped): the other signature ECDSA accepts for the same key and digest.</summary>
    public static byte[] HighSTwin(byte[] signature)
    {
        var s = new BigInteger(signature.AsSpan(32, 32), isUnsigned: true, isBigEndian: true);
        return [.. signature[..32], .. ToBytes32(Order - s), (byte)(signature[64] == 27 ? 28 : 27)];
    }

    private static byte[] ToBytes32(BigInteger value)
    {
        var bytes = value.ToByteArray(isUnsigned: true, isBigEndian: true);
        return [.. new byte[32 - bytes.Length], .. bytes];
    }
}
