using System.Numerics;
using MedRec.Grains.Abstractions.Access;
using Nethereum.ABI.EIP712;

namespace MedRec.Grains.Signing;

/// <summary>An <see cref="ApiRequest"/> as Nethereum's generic EIP-712 typed data (what a wallet's
/// eth_signTypedData_v4 shows and signs); the reference <see cref="ApiRequestHasher"/> is tested against.</summary>
public static class ApiRequestTypedData
{
    public static TypedData<Domain> Create(ApiRequest request, AccessRequestDomain domain)
    {
        ArgumentNullException.ThrowIfNull(request);
        return MedRecTypedData.Create(domain, ApiRequestHasher.PrimaryType,
            [
                new() { Name = "signer", Type = "address" },
                new() { Name = "method", Type = "string" },
                new() { Name = "path", Type = "string" },
                new() { Name = "bodyHash", Type = "bytes32" },
                new() { Name = "nonce", Type = "bytes32" },
                new() { Name = "expiresAt", Type = "uint64" },
            ],
            [
                new() { TypeName = "address", Value = request.Signer },
                new() { TypeName = "string", Value = request.Method },
                new() { TypeName = "string", Value = request.Path },
                new() { TypeName = "bytes32", Value = Convert.FromHexString(request.BodyHash.AsSpan(2)) },
                new() { TypeName = "bytes32", Value = Convert.FromHexString(request.Nonce.AsSpan(2)) },
                new() { TypeName = "uint64", Value = new BigInteger(request.ExpiresAt) },
            ]);
    }
}
