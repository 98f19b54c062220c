namespace MedRec.Host.Api.Contracts;

/// <summary>GET /api/deployment: what a client needs to sign (chain id, PPR contract = EIP-712 verifying contract).</summary>
public sealed record DeploymentInfo(long ChainId, string Registrar, string Summary, string Relationships, ulong DeploymentBlock);
