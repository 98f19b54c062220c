using System.Text.Json;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Receipts;
using MedRec.Grains.Signing;
using Nethereum.Signer;
using Nethereum.Signer.EIP712;
using Nethereum.Util;

using MedRec.TestSupport;

namespace MedRec.Grains.Tests.Signing;

public sealed class DecisionReceiptTests
{
    private static DecisionReceipt RandomReceipt(Random random, AccessRequestDomain domain) => new(
        SigningSamples.Bytes32(random), SigningSamples.Address(random), SigningSamples.Address(random), SigningSamples.Address(random),
        random.Next(3) == 0 ? AccessRequest.ZeroPointer : SigningSamples.Bytes32(random), Purposes.All[random.Next(Purposes.All.Count)].ToWire(),
        random.Next(2) == 0 ? "ok" : "denied", random.Next(2) == 0 ? "" : "no-grant",
        Enumerable.Range(0, random.Next(0, 4)).Select(_ => new ReceiptPointer(SigningSamples.Bytes32(random),
            (ulong)random.Next(1, 100), SigningSamples.Bytes32(random), SigningSamples.Bytes32(random), "verified")).ToList(),
        (ulong)random.NextInt64(0, long.MaxValue), SigningSamples.Bytes32(random), (ulong)random.NextInt64(0, long.MaxValue),
        domain.ChainId, domain.VerifyingContract, "");

    [Fact]
    public void The_digest_equals_Nethereums_EIP712_encoding_with_the_nested_pointer_array()
    {
        var random = new Random(9);
        for (var i = 0; i < 200; i++)
        {
            var domain = i == 0 ? SigningSamples.Domain : SigningSamples.RandomDomain(random);
            var receipt = RandomReceipt(random, domain);
            var nethereum = Sha3Keccack.Current.CalculateHash(Eip712TypedDataSigner.Current.EncodeTypedData(DecisionReceiptTypedData.Create(receipt, domain)));
            Assert.Equal(Convert.ToHexStringLower(nethereum), Convert.ToHexStringLower(new DecisionReceiptHasher(domain).Hash(receipt)));
        }
    }

    [Fact]
    public void The_digest_equals_Nethereums_encoding_of_the_eth_signTypedData_v4_json()
    {
        var random = new Random(10);
        var domain = SigningSamples.Domain;
        var receipt = RandomReceipt(random, domain) with
        {
            Pointers = [new ReceiptPointer(SigningSamples.Bytes32(random), 3, SigningSamples.Bytes32(random), AccessRequest.ZeroPointer, "query-mismatch")],
        };
        var pointer = receipt.Pointers[0];
        var json = $$"""
            {
              "types": {
                "EIP712Domain": [
                  { "name": "name", "type": "string" }, { "name": "version", "type": "string" },
                  { "name": "chainId", "type": "uint256" }, { "name": "verifyingContract", "type": "address" } ],
                "DecisionReceipt": [
                  { "name": "requestHash", "type": "bytes32" }, { "name": "asker", "type": "address" },
                  { "name": "patient", "type": "address" }, { "name": "provider", "type": "address" },
                  { "name": "requestedPointer", "type": "bytes32" }, { "name": "purpose", "type": "string" },
                  { "name": "outcome", "type": "string" }, { "name": "reason", "type": "string" },
                  { "name": "pointers", "type": "ReceiptPointer[]" }, { "name": "blockNumber", "type": "uint64" },
                  { "name": "blockHash", "type": "bytes32" }, { "name": "issuedAt", "type": "uint64" } ],
                "ReceiptPointer": [
                  { "name": "pointerId", "type": "bytes32" }, { "name": "version", "type": "uint64" },
                  { "name": "dataHash", "type": "bytes32" }, { "name": "computedHash", "type": "bytes32" },
                  { "name": "verdict", "type": "string" } ]
              },
              "primaryType": "DecisionReceipt",
              "domain": { "name": "MedRec", "version": "1", "chainId": {{domain.ChainId}}, "verifyingContract": "{{domain.VerifyingContract}}" },
              "message": {
                "requestHash": "{{receipt.RequestHash}}", "asker": "{{receipt.Asker}}", "patient": "{{receipt.Patient}}",
                "provider": "{{receipt.Provider}}", "requestedPointer": "{{receipt.RequestedPointer}}", "purpose": "{{receipt.Purpose}}",
                "outcome": "{{receipt.Outcome}}", "reason": "{{receipt.Reason}}",
                "pointers": [ { "pointerId": "{{pointer.PointerId}}", "version": "3", "dataHash": "{{pointer.DataHash}}",
                                "computedHash": "{{pointer.ComputedHash}}", "verdict": "query-mismatch" } ],
                "blockNumber": "{{receipt.BlockNumber}}", "blockHash": "{{receipt.BlockHash}}", "issuedAt": "{{receipt.IssuedAt}}"
              }
            }
            """;

        var nethereum = Sha3Keccack.Current.CalculateHash(Eip712TypedDataSigner.Current.EncodeTypedData(json));

        Assert.Equal(Convert.ToHexStringLower(nethereum), Convert.ToHexStringLower(new DecisionReceiptHasher(domain).Hash(receipt)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_signature_by_the_native_or_the_managed_signer_recovers_to_the_key_and_is_low_s(bool native)
    {
        if (native) Assert.True(NativeSecp256k1.IsAvailable(), "libsecp256k1.so.1 does not load (scripts/setup.sh installs it)");
        var key = EthECKey.GenerateKey();
        var signer = new Secp256k1DigestSigner(key.GetPrivateKeyAsBytes()) { UseNative = native };
        Assert.Equal(key.GetPublicAddress().ToLowerInvariant(), signer.Address);
        var random = new Random(native ? 1 : 2);
        for (var i = 0; i < 50; i++)
        {
            var digest = new byte[32];
            random.NextBytes(digest);
            var signature = new byte[65];
            signer.Sign(digest, signature);
            // SignatureRecovery refuses high s, so recovering at all proves low s.
            Assert.True(SignatureRecovery.TryRecover(digest, signature, out var recovered, out var error), error);
            Assert.Equal(signer.Address, recovered);
        }
    }

    [Fact]
    public void The_native_and_the_managed_signer_make_the_same_RFC6979_signature()
    {
        var key = EthECKey.GenerateKey().GetPrivateKeyAsBytes();
        var digest = new byte[32];
        new Random(3).NextBytes(digest);
        var native = new byte[65];
        var managed = new byte[65];
        new Secp256k1DigestSigner(key) { UseNative = true }.Sign(digest, native);
        new Secp256k1DigestSigner(key) { UseNative = false }.Sign(digest, managed);
        Assert.Equal(Convert.ToHexString(managed), Convert.ToHexString(native));
    }

    [Fact]
    public void A_signed_receipt_recovers_to_its_provider_and_any_changed_field_recovers_to_someone_else()
    {
        var key = EthECKey.GenerateKey();
        var signer = new Secp256k1DigestSigner(key.GetPrivateKeyAsBytes());
        var random = new Random(5);
        var receipt = RandomReceipt(random, SigningSamples.Domain) with { Provider = signer.Address };
        var signature = new byte[65];
        signer.Sign(new DecisionReceiptHasher(SigningSamples.Domain).Hash(receipt), signature);
        receipt = receipt with { Signature = "0x" + Convert.ToHexStringLower(signature) };

        Assert.True(DecisionReceiptSignature.TryRecover(receipt, out var recovered, out var error), error);
        Assert.Equal(signer.Address, recovered);

        var pointer = new ReceiptPointer(SigningSamples.Bytes32(random), 1, SigningSamples.Bytes32(random), SigningSamples.Bytes32(random), "verified");
        var signed = receipt with { Pointers = [pointer] };
        signer.Sign(new DecisionReceiptHasher(SigningSamples.Domain).Hash(signed), signature);
        signed = signed with { Signature = "0x" + Convert.ToHexStringLower(signature) };
        foreach (var (field, changed) in ReceiptMutations.Each(signed))
        {
            var ok = DecisionReceiptSignature.TryRecover(changed, out var other, out _);
            Assert.False(ok && other == signer.Address, $"changing {field} still recovers to the provider");
        }
    }

    [Fact]
    public async Task The_custody_source_never_answers_another_participants_key_for_a_provider()
    {
        var provider = EthECKey.GenerateKey();
        var someoneElse = EthECKey.GenerateKey();
        var store = new MapKeyStore(new() { [provider.GetPublicAddress().ToLowerInvariant()] = someoneElse });
        var source = new CustodyReceiptKeySource(store);
        Assert.Null(await source.FindAsync(provider.GetPublicAddress().ToLowerInvariant(), CancellationToken.None));
        Assert.Null(await new CustodyReceiptKeySource(null).FindAsync(provider.GetPublicAddress().ToLowerInvariant(), CancellationToken.None));
    }

    [Fact]
    public void A_receipt_round_trips_through_its_JSON_file_form()
    {
        var receipt = RandomReceipt(new Random(6), SigningSamples.Domain);
        var json = JsonSerializer.Serialize(receipt, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        var back = JsonSerializer.Deserialize<DecisionReceipt>(json, new JsonSerializerOptions(JsonSerializerDefaults.Web))!;
        Assert.Equal(Convert.ToHexString(new DecisionReceiptHasher(SigningSamples.Domain).Hash(receipt)),
            Convert.ToHexString(new DecisionReceiptHasher(SigningSamples.Domain).Hash(back)));
    }

    private sealed class MapKeyStore(Dictionary<string, EthECKey> keys) : MedRec.Grains.Writes.IParticipantKeyStore
    {
        public ValueTask<EthECKey?> FindAsync(string participant, CancellationToken cancellationToken) =>
            ValueTask.FromResult(keys.GetValueOrDefault(participant));
    }
}
