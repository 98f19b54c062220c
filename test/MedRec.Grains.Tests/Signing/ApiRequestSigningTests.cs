using System.Text;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Signing;
using Nethereum.Signer;
using Nethereum.Signer.EIP712;
using Nethereum.Util;

namespace MedRec.Grains.Tests.Signing;

public sealed class ApiRequestSigningTests
{
    private readonly FixedTimeProvider _clock = new(SigningSamples.Now);
    private readonly EthECKey _key = EthECKey.GenerateKey();

    private ApiRequestSigner Signer => new(_key);

    private ApiRequestVerifier Verifier(AccessRequestDomain? domain = null) => new(domain ?? SigningSamples.Domain, _clock);

    private static ApiRequest RandomRequest(Random random) => new(
        SigningSamples.Address(random),
        random.Next(3) switch { 0 => "GET", 1 => "POST", _ => "DELETE" },
        $"/api/patients/{SigningSamples.Address(random)}/grants?x={random.Next()}&ü=é",
        SigningSamples.Bytes32(random),
        SigningSamples.Bytes32(random),
        (ulong)random.NextInt64(0, long.MaxValue) * (ulong)random.Next(1, 3));

    private SignedApiRequest SignedPost(string body = """{"consent":true}""") =>
        Signer.Sign(Signer.NewRequest("PUT", "/api/patients/0xabc/research-consent", Encoding.UTF8.GetBytes(body), SigningSamples.Now, TimeSpan.FromMinutes(2)),
            SigningSamples.Domain);

    [Fact]
    public void The_digest_equals_Nethereums_EIP712_encoding_on_random_requests_and_domains()
    {
        var random = new Random(712);
        for (var i = 0; i < 200; i++)
        {
            var domain = i == 0 ? SigningSamples.Domain : SigningSamples.RandomDomain(random);
            var request = RandomRequest(random);

            var nethereum = Sha3Keccack.Current.CalculateHash(Eip712TypedDataSigner.Current.EncodeTypedData(ApiRequestTypedData.Create(request, domain)));

            Assert.Equal(Convert.ToHexStringLower(nethereum), Convert.ToHexStringLower(new ApiRequestHasher(domain).Hash(request)));
        }
    }

    [Fact]
    public void The_signature_equals_what_Nethereums_typed_data_signer_gives_a_wallet()
    {
        var request = Signer.NewRequest("POST", "/api/patients", Encoding.UTF8.GetBytes("{}"), SigningSamples.Now, TimeSpan.FromMinutes(1));

        var ours = Signer.Sign(request, SigningSamples.Domain).Signature;
        var wallet = Eip712TypedDataSigner.Current.SignTypedDataV4(ApiRequestTypedData.Create(request, SigningSamples.Domain), _key);

        Assert.Equal(wallet.ToLowerInvariant(), ours);
    }

    [Fact]
    public void The_type_hash_is_keccak_of_the_encoded_type_and_an_empty_body_hashes_to_keccak_of_nothing()
    {
        Assert.Equal(
            Convert.ToHexStringLower(Sha3Keccack.Current.CalculateHash(Encoding.UTF8.GetBytes(
                "ApiRequest(address signer,string method,string path,bytes32 bodyHash,bytes32 nonce,uint64 expiresAt)"))),
            Convert.ToHexStringLower(ApiRequestHasher.TypeHash));
        Assert.Equal("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470", ApiRequestHasher.EmptyBodyHash);
    }

    [Fact]
    public void A_signed_request_verifies_and_comes_back_normalized()
    {
        var signed = SignedPost();
        var shouted = signed with { Request = signed.Request with { Signer = "0x" + signed.Request.Signer[2..].ToUpperInvariant() } };

        var verified = Verifier().Verify(shouted);

        Assert.Equal(signed.Request, verified);
        Assert.Equal(_key.GetPublicAddress().ToLowerInvariant(), verified.Signer);
    }

    public static TheoryData<string> Fields => ["signer", "method", "path", "bodyHash", "nonce", "expiresAt"];

    [Theory]
    [MemberData(nameof(Fields))]
    public void A_tampered_field_is_a_signature_mismatch(string field)
    {
        var signed = SignedPost();
        var request = signed.Request;
        var tampered = field switch
        {
            "signer" => request with { Signer = SigningSamples.Address(new Random(1)) },
            "method" => request with { Method = "DELETE" },
            "path" => request with { Path = request.Path + "?waitSeconds=1" },
            "bodyHash" => request with { BodyHash = ApiRequestHasher.BodyHash("""{"consent":false}"""u8) },
            "nonce" => request with { Nonce = SigningSamples.Bytes32(new Random(2)) },
            "expiresAt" => request with { ExpiresAt = request.ExpiresAt + 1 },
            _ => throw new ArgumentOutOfRangeException(nameof(field)),
        };

        var error = Assert.Throws<AccessRequestRejectedException>(() => Verifier().Verify(signed with { Request = tampered }));

        Assert.Equal(AccessRequestRejectionCodes.SignatureMismatch, error.Code);
    }

    [Fact]
    public void A_signature_for_another_chain_or_contract_is_a_mismatch()
    {
        var signed = SignedPost();

        var otherChain = Assert.Throws<AccessRequestRejectedException>(() =>
            Verifier(SigningSamples.Domain with { ChainId = 1 }).Verify(signed));
        var otherContract = Assert.Throws<AccessRequestRejectedException>(() =>
            Verifier(SigningSamples.Domain with { VerifyingContract = SigningSamples.Address(new Random(3)) }).Verify(signed));

        Assert.Equal(AccessRequestRejectionCodes.SignatureMismatch, otherChain.Code);
        Assert.Equal(AccessRequestRejectionCodes.SignatureMismatch, otherContract.Code);
    }

    [Fact]
    public void An_expired_request_or_one_expiring_too_far_ahead_is_refused_before_recovery()
    {
        var signed = SignedPost();

        _clock.Now = SigningSamples.Now.AddMinutes(3);
        Assert.Equal(AccessRequestRejectionCodes.RequestExpired,
            Assert.Throws<AccessRequestRejectedException>(() => Verifier().Verify(signed)).Code);

        _clock.Now = SigningSamples.Now.AddMinutes(-4);
        Assert.Equal(AccessRequestRejectionCodes.RequestExpiryTooFar,
            Assert.Throws<AccessRequestRejectedException>(() => Verifier().Verify(signed)).Code);
    }

    [Fact]
    public void A_malformed_signature_or_field_is_refused_with_its_code()
    {
        var signed = SignedPost();

        Assert.Equal(AccessRequestRejectionCodes.SignatureMalformed,
            Assert.Throws<AccessRequestRejectedException>(() => Verifier().Verify(signed with { Signature = signed.Signature[..^2] })).Code);
        Assert.Equal(AccessRequestRejectionCodes.RequestMalformed,
            Assert.Throws<AccessRequestRejectedException>(() => Verifier().Verify(signed with { Request = signed.Request with { Nonce = "0x12" } })).Code);
        Assert.Equal(AccessRequestRejectionCodes.RequestMalformed,
            Assert.Throws<AccessRequestRejectedException>(() => Verifier().Verify(signed with { Request = signed.Request with { Signer = "nobody" } })).Code);
    }
}
