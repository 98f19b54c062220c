using System.Numerics;
using MedRec.Grains.Abstractions.Access;
using Nethereum.ABI.EIP712;

namespace MedRec.Grains.Signing;

/// <summary>
/// A <see cref="DecisionReceipt"/> as Nethereum's generic EIP-712 typed data (what a wallet or any EIP-712 library
/// checks): the reference the hand-rolled <see cref="DecisionReceiptHasher"/> is tested against.
/// </summary>
public static class DecisionReceiptTypedData
{
    public static TypedData<Domain> Create(DecisionReceipt receipt, AccessRequestDomain domain)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        var typedData = MedRecTypedData.Create(domain, DecisionReceiptHasher.PrimaryType,
            [
                new() { Name = "requestHash", Type = "bytes32" },
                new() { Name = "asker", Type = "address" },
                new() { Name = "patient", Type = "address" },
                new() { Name = "provider", Type = "address" },
                new() { Name = "requestedPointer", Type = "bytes32" },
                new() { Name = "purpose", Type = "string" },
                new() { Name = "outcome", Type = "string" },
                new() { Name = "reason", Type = "string" },
                new() { Name = "pointers", Type = DecisionReceiptHasher.PointerType + "[]" },
                new() { Name = "blockNumber", Type = "uint64" },
                new() { Name = "blockHash", Type = "bytes32" },
                new() { Name = "issuedAt", Type = "uint64" },
            ],
            [
                new() { TypeName = "bytes32", Value = Bytes(receipt.RequestHash) },
                new() { TypeName = "address", Value = receipt.Asker },
                new() { TypeName = "address", Value = receipt.Patient },
                new() { TypeName = "address", Value = receipt.Provider },
                new() { TypeName = "bytes32", Value = Bytes(receipt.RequestedPointer) },
                new() { TypeName = "string", Value = receipt.Purpose },
                new() { TypeName = "string", Value = receipt.Outcome },
                new() { TypeName = "string", Value = receipt.Reason },
                new()
                {
                    TypeName = DecisionReceiptHasher.PointerType + "[]",
                    Value = receipt.Pointers.Select(p => (object)new MemberValue[]
                    {
                        new() { TypeName = "bytes32", Value = Bytes(p.PointerId) },
                        new() { TypeName = "uint64", Value = new BigInteger(p.Version) },
                        new() { TypeName = "bytes32", Value = Bytes(p.DataHash) },
                        new() { TypeName = "bytes32", Value = Bytes(p.ComputedHash) },
                        new() { TypeName = "string", Value = p.Verdict },
                    }).ToList(),
                },
                new() { TypeName = "uint64", Value = new BigInteger(receipt.BlockNumber) },
                new() { TypeName = "bytes32", Value = Bytes(receipt.BlockHash) },
                new() { TypeName = "uint64", Value = new BigInteger(receipt.IssuedAt) },
            ]);
        typedData.Types[DecisionReceiptHasher.PointerType] =
        [
            new() { Name = "pointerId", Type = "bytes32" },
            new() { Name = "version", Type = "uint64" },
            new() { Name = "dataHash", Type = "bytes32" },
            new() { Name = "computedHash", Type = "bytes32" },
            new() { Name = "verdict", Type = "string" },
        ];
        return typedData;
    }

    private static byte[] Bytes(string hex) => Convert.FromHexString(hex.AsSpan(2));
}
