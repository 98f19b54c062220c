using System.Numerics;
using Nethereum.ABI.EIP712;

namespace MedRec.Grains.Signing;

/// <summary>
/// Nethereum's generic EIP-712 typed data in MedRec's domain (name, version, chain id, PPR contract), for any of the
/// signed shapes (<see cref="AccessRequestTypedData"/>, <see cref="ApiRequestTypedData"/>): one place for the domain,
/// so the two shapes can never drift apart in how a wallet sees them.
/// </summary>
public static class MedRecTypedData
{
    public static TypedData<Domain> Create(
        AccessRequestDomain domain, string primaryType, MemberDescription[] members, MemberValue[] message)
    {
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
                [primaryType] = members,
            },
            PrimaryType = primaryType,
            Message = message,
        };
        typedData.InitDomainRawValues();
        return typedData;
    }
}
