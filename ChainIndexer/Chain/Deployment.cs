namespace MedRec.ChainIndexer.Chain;

/// <summary>One deployment of the MedRec contracts: what every component needs to find them on chain.</summary>
public sealed record Deployment(
    long ChainId,
    string RpcUrl,
    string Deployer,
    ContractAddresses Contracts,
    ulong DeploymentBlock,
    DateTimeOffset DeployedAt);
