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
        ArgumentNullException.ThrowIfNull(domain);
        var typedData = new TypedData<Domain>
        {
            Domain = new Domain
            {
                Name = AccessRequestDomain.Name,
                Version = AccessRequestDomain.Version,
                ChainId = new BigInteger(domain.ChainId),
                VerifyingContract = domain.VerifyingContract,
            },
            Types = new Dictionary<string, MemberDescription[]>
            {
                ["EIP712Domain"] =
                [
                    new() { Name = "name", Type = "string" },
                    new() { Name = "version", Type = "string" },
                    new() { Name = "chainId", Type = "uint256" },
                    new() { Name = "verifyingContract", Type = "address" },
                ],
                [AccessRequestHasher.PrimaryType] =
                [
                    new() { Name = "asker", Type = "address" },
                    new() { Name = "patient", Type = "address" },
                    new() { Name = "provider", Type = "address" },
                    new() { Name = "pointerId", Type = "bytes32" },
                    new() { Name = "action", Type = "string" },
                    new() { Name = "nonce", Type = "bytes32" },
                    new() { Name = "expiresAt", Type = "uint64" },
                ],
            },
            PrimaryType = AccessRequestHasher.PrimaryType,
            Message =
            [
                new() { TypeName = "address", Value = request.Asker },
                new() { TypeName = "address", Value = request.Patient },
                new() { TypeName = "address", Value = request.Provider },
                new() { TypeName = "bytes32", Value = Convert.FromHexString(request.PointerId.AsSpan(2)) },
                new() { TypeName = "string", Value = request.Action.ToWire() },
                new() { TypeName = "bytes32", Value = Convert.FromHexString(request.Nonce.AsSpan(2)) },
                new() { TypeName = "uint64", Value = new BigInteger(request.ExpiresAt) },
            ],
        };
        typedData.InitDomainRawValues();
        return typedData;
    }
}
