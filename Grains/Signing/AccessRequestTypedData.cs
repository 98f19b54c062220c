using System.Numerics;
using MedRec.Grains.Abstractions.Access;
using Nethereum.ABI.EIP712;

namespace MedRec.Grains.Signing;

/// <summary>
/// An <see cref="AccessRequest"/> as Nethereum's generic EIP-712 typed data (what a wallet's eth_signTypedData_v4
/// shows and signs). Used to sign, and as the reference the hand-rolled <see cref="AccessRequestHasher"/> is tested
/// and benchmarked against.
/// </summary>
public static class AccessRequestTypedData
{
    public static TypedData<Domain> Create(AccessRequest request, AccessRequestDomain domain)
    {
        ArgumentNullException.ThrowIfNull(request);
        return MedRecTypedData.Create(domain, AccessRequestHasher.PrimaryType,
            [
                new() { Name = "asker", Type = "address" },
                new() { Name = "patient", Type = "address" },
                new() { Name = "provider", Type = "address" },
                new() { Name = "pointerId", Type = "bytes32" },
                new() { Name = "action", Type = "string" },
                new() { Name = "purpose", Type = "string" },
                new() { Name = "nonce", Type = "bytes32" },
                new() { Name = "expiresAt", Type = "uint64" },
            ],
            [
                new() { TypeName = "address", Value = request.Asker },
                new() { TypeName = "address", Value = request.Patient },
                new() { TypeName = "address", Value = request.Provider },
                new() { TypeName = "bytes32", Value = Convert.FromHexString(request.PointerId.AsSpan(2)) },
                new() { TypeName = "string", Value = request.Action.ToWire() },
                new() { TypeName = "string", Value = request.Purpose.ToWire() },
                new() { TypeName = "bytes32", Value = Convert.FromHexString(request.Nonce.AsSpan(2)) },
                new() { TypeName = "uint64", Value = new BigInteger(request.ExpiresAt) },
            ]);
    }
}
