namespace MedRec.Grains.Signing;

/// <summary>
/// The EIP-712 domain an <see cref="Abstractions.Access.AccessRequest"/> is signed for: name "MedRec", version "1",
/// the chain id and the Patient-Provider Relationship contract's address. A signature made for another chain or
/// another deployment recovers to a different address and is refused.
/// </summary>
public sealed record AccessRequestDomain(ulong ChainId, string VerifyingContract)
{
    public const string Name = "MedRec";
    public const string Version = "1";
}
