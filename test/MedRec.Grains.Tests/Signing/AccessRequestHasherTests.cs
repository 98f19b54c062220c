using System.Numerics;
using System.Text;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Signing;
using Nethereum.ABI.EIP712;
using Nethereum.Signer.EIP712;
using Nethereum.Util;

namespace MedRec.Grains.Tests.Signing;

public sealed class AccessRequestHasherTests
{
    [Fact]
    public void The_digest_equals_Nethereums_EIP712_encoding_on_random_requests_and_domains()
    {
        var random = new Random(712);
        for (var i = 0; i < 300; i++)
        {
            var domain = i == 0 ? SigningSamples.Domain : SigningSamples.RandomDomain(random);
            var request = SigningSamples.RandomRequest(random);
            var typedData = AccessRequestTypedData.Create(request, domain);

            var nethereum = Sha3Keccack.Current.CalculateHash(Eip712TypedDataSigner.Current.EncodeTypedData(typedData));
            var hasher = new AccessRequestHasher(domain);

            Assert.Equal(Convert.ToHexStringLower(nethereum), Convert.ToHexStringLower(hasher.Hash(request)));
            Assert.Equal(
                Convert.ToHexStringLower(Eip712TypedDataEncoder.Current.HashDomainSeparator(typedData)),
                Convert.ToHexStringLower(hasher.DomainSeparator));
        }
    }

    [Fact]
    public void The_digest_equals_Nethereums_encoding_of_the_eth_signTypedData_v4_json_a_wallet_gets()
    {
        var random = new Random(4);
        for (var i = 0; i < 20; i++)
        {
            var domain = SigningSamples.RandomDomain(random);
            var request = SigningSamples.RandomRequest(random);
            var json = $$"""
                {
                  "types": {
                    "EIP712Domain": [
                      { "name": "name", "type": "string" }, { "name": "version", "type": "string" },
                      { "name": "chainId", "type": "uint256" }, { "name": "verifyingContract", "type": "address" } ],
                    "AccessRequest": [
                      { "name": "asker", "type": "address" }, { "name": "patient", "type": "address" },
                      { "name": "provider", "type": "address" }, { "name": "pointerId", "type": "bytes32" },
                      { "name": "action", "type": "string" }, { "name": "purpose", "type": "string" },
                      { "name": "nonce", "type": "bytes32" },
                      { "name": "expiresAt", "type": "uint64" } ]
                  },
                  "primaryType": "AccessRequest",
                  "domain": { "name": "MedRec", "version": "1", "chainId": {{domain.ChainId}}, "verifyingContract": "{{domain.VerifyingContract}}" },
                  "message": {
                    "asker": "{{request.Asker}}", "patient": "{{request.Patient}}", "provider": "{{request.Provider}}",
                    "pointerId": "{{request.PointerId}}", "action": "{{request.Action.ToWire()}}",
                    "purpose": "{{request.Purpose.ToWire()}}", "nonce": "{{request.Nonce}}",
                    "expiresAt": "{{request.ExpiresAt}}"
                  }
                }
                """;

            var nethereum = Sha3Keccack.Current.CalculateHash(Eip712TypedDataSigner.Current.EncodeTypedData(json));

            Assert.Equal(Convert.ToHexStringLower(nethereum), Convert.ToHexStringLower(new AccessRequestHasher(domain).Hash(request)));
        }
    }

    /// <summary>A fixed request (docs/adr/0012-purpose-of-use.md's type) and its digest as Nethereum's generic
    /// typed-data encoder computes it, the reference; the web's ethers digest of the same vector is checked against
    /// this one in MedRec.Web.Tests (AccessRequestDigestTests).</summary>
    public static readonly AccessRequest VectorRequest = new(
        "0x1111111111111111111111111111111111111111", "0x2222222222222222222222222222222222222222",
        "0x3333333333333333333333333333333333333333", "0x" + new string('4', 64), AccessAction.Read, Purpose.Payment,
        "0x" + new string('5', 64), 1_800_000_000);

    public const string VectorDigest = "0xf8949a1f45b7e376e5db7a74af7bb1516218be1f1e7c6bd17504fc5802607346";

    [Fact]
    public void The_fixed_vector_hashes_to_its_recorded_digest_by_Nethereum_and_by_the_hand_rolled_hasher()
    {
        var typedData = AccessRequestTypedData.Create(VectorRequest, SigningSamples.Domain);
        var nethereum = "0x" + Convert.ToHexStringLower(Sha3Keccack.Current.CalculateHash(Eip712TypedDataSigner.Current.EncodeTypedData(typedData)));

        Assert.Equal(VectorDigest, nethereum);
        Assert.Equal(VectorDigest, new AccessRequestHasher(SigningSamples.Domain).HashHex(VectorRequest));
        // Another purpose is another digest.
        Assert.NotEqual(VectorDigest, new AccessRequestHasher(SigningSamples.Domain).HashHex(VectorRequest with { Purpose = Purpose.Treatment }));
    }

    [Fact]
    public void The_type_hash_is_keccak_of_the_encoded_type()
    {
        Assert.Equal(
            Convert.ToHexStringLower(Sha3Keccack.Current.CalculateHash(Encoding.UTF8.GetBytes(
                "AccessRequest(address asker,address patient,address provider,bytes32 pointerId,string action,string purpose,bytes32 nonce,uint64 expiresAt)"))),
            Convert.ToHexStringLower(AccessRequestHasher.TypeHash));
    }

    [Fact]
    public void Hex_case_does_not_change_the_digest()
    {
        var random = new Random(5);
        var request = SigningSamples.RandomRequest(random);
        var upper = request with { Asker = "0x" + request.Asker[2..].ToUpperInvariant(), Nonce = "0X" + request.Nonce[2..].ToUpperInvariant() };
        var hasher = new AccessRequestHasher(SigningSamples.Domain);

        Assert.Equal(hasher.HashHex(request), hasher.HashHex(upper));
    }

    [Fact]
    public void A_malformed_field_or_an_unknown_action_or_purpose_cannot_be_hashed()
    {
        var request = SigningSamples.RandomRequest(new Random(6));
        var hasher = new AccessRequestHasher(SigningSamples.Domain);

        Assert.Throws<FormatException>(() => hasher.Hash(request with { Asker = request.Asker[..^1] }));
        Assert.Throws<FormatException>(() => hasher.Hash(request with { PointerId = request.PointerId + "00" }));
        Assert.Throws<FormatException>(() => hasher.Hash(request with { Nonce = "0x" + new string('g', 64) }));
        Assert.Throws<FormatException>(() => hasher.Hash(request with { Action = (AccessAction)42 }));
        Assert.Throws<FormatException>(() => hasher.Hash(request with { Purpose = (Purpose)6 }));
        Assert.Throws<FormatException>(() => hasher.Hash(request with { Purpose = (Purpose)(-1) }));
    }

    [Fact]
    public void Nethereums_typed_data_carries_the_request_as_the_wallet_would_show_it()
    {
        var request = SigningSamples.RandomRequest(new Random(7));
        var typedData = AccessRequestTypedData.Create(request, SigningSamples.Domain);

        Assert.Equal("AccessRequest", typedData.PrimaryType);
        Assert.Equal(new BigInteger(31337), typedData.Domain.ChainId);
        Assert.Equal([request.Action.ToWire(), request.Purpose.ToWire()], typedData.Message.Where(m => m.TypeName == "string").Select(m => m.Value));
        Assert.Equal(
            ["asker", "patient", "provider", "pointerId", "action", "purpose", "nonce", "expiresAt"],
            typedData.Types[AccessRequestHasher.PrimaryType].Select(t => t.Name));
        Assert.IsType<MemberValue[]>(typedData.Message);
    }
}
