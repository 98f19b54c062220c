using MedRec.ChainIndexer.Contracts;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

// Typed messages for bench/contracts/PerRelationshipPpr.sol, the per-relationship baseline.
namespace MedRec.Bench;

public sealed class PerRelationshipPprDeployment() : ContractDeploymentMessage(Artifact.Bytecode)
{
    public static ContractArtifact Artifact { get; } = ContractArtifact.Load(typeof(PerRelationshipPprDeployment).Assembly, "MedRec.Bench", "PerRelationshipPpr");

    [Parameter("address", "patient_", 1)] public string Patient { get; set; } = "";
    [Parameter("bytes32", "pointerId", 2)] public byte[] PointerId { get; set; } = [];
    [Parameter("bytes32", "queryCommitment", 3)] public byte[] QueryCommitment { get; set; } = [];
    [Parameter("bytes32", "dataHash", 4)] public byte[] DataHash { get; set; } = [];
}

[Function("publishPointer")]
public sealed class BaselinePublishPointerFunction : FunctionMessage
{
    [Parameter("bytes32", "pointerId", 1)] public byte[] PointerId { get; set; } = [];
    [Parameter("bytes32", "queryCommitment", 2)] public byte[] QueryCommitment { get; set; } = [];
    [Parameter("bytes32", "dataHash", 3)] public byte[] DataHash { get; set; } = [];
}

[Function("grantAccess")]
public sealed class BaselineGrantAccessFunction : FunctionMessage
{
    [Parameter("bytes32", "pointerId", 1)] public byte[] PointerId { get; set; } = [];
    [Parameter("address", "viewer", 2)] public string Viewer { get; set; } = "";
    [Parameter("uint64", "expiresAt", 3)] public ulong ExpiresAt { get; set; }
}

[Function("revokeAccess")]
public sealed class BaselineRevokeAccessFunction : FunctionMessage
{
    [Parameter("bytes32", "pointerId", 1)] public byte[] PointerId { get; set; } = [];
    [Parameter("address", "viewer", 2)] public string Viewer { get; set; } = "";
}
