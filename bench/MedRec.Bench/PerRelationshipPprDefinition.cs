using MedRec.ChainIndexer.Contracts;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

// Typed Nethereum messages for bench/contracts/PerRelationshipPpr.sol (the one-contract-per-relationship baseline),
// in the shape of ChainIndexer/Contracts/*Definition.cs.
namespace MedRec.Bench;

public sealed class PerRelationshipPprDeployment() : ContractDeploymentMessage(Artifact.Bytecode)
{
    public static ContractArtifact Artifact { get; } =
        ContractArtifact.Load(typeof(PerRelationshipPprDeployment).Assembly, "MedRec.Bench", "PerRelationshipPpr");

    [Parameter("address", "patient_", 1)] public string Patient { get; set; } = "";
    [Parameter("address", "provider_", 2)] public string Provider { get; set; } = "";
    [Parameter("bytes32", "pointerId", 3)] public byte[] PointerId { get; set; } = [];
    [Parameter("bytes32", "queryCommitment", 4)] public byte[] QueryCommitment { get; set; } = [];
    [Parameter("bytes32", "dataHash", 5)] public byte[] DataHash { get; set; } = [];
}

[Function("addPointer")]
public sealed class BaselineAddPointerFunction : FunctionMessage
{
    [Parameter("bytes32", "pointerId", 1)] public byte[] PointerId { get; set; } = [];
    [Parameter("bytes32", "queryCommitment", 2)] public byte[] QueryCommitment { get; set; } = [];
    [Parameter("bytes32", "dataHash", 3)] public byte[] DataHash { get; set; } = [];
}

[Function("grant")]
public sealed class BaselineGrantFunction : FunctionMessage
{
    [Parameter("bytes32", "pointerId", 1)] public byte[] PointerId { get; set; } = [];
    [Parameter("address", "viewer", 2)] public string Viewer { get; set; } = "";
    [Parameter("uint64", "expiresAt", 3)] public ulong ExpiresAt { get; set; }
}

[Function("revoke")]
public sealed class BaselineRevokeFunction : FunctionMessage
{
    [Parameter("bytes32", "pointerId", 1)] public byte[] PointerId { get; set; } = [];
    [Parameter("address", "viewer", 2)] public string Viewer { get; set; } = "";
}

[Function("pointers", typeof(BaselinePointerOutput))]
public sealed class BaselinePointersFunction : FunctionMessage
{
    [Parameter("bytes32", "pointerId", 1)] public byte[] PointerId { get; set; } = [];
}

[FunctionOutput]
public sealed class BaselinePointerOutput : IFunctionOutputDTO
{
    [Parameter("bytes32", "queryCommitment", 1)] public byte[] QueryCommitment { get; set; } = [];
    [Parameter("bytes32", "dataHash", 2)] public byte[] DataHash { get; set; } = [];
    [Parameter("uint64", "version", 3)] public ulong Version { get; set; }
}

[Function("grants", "uint64")]
public sealed class BaselineGrantsFunction : FunctionMessage
{
    [Parameter("bytes32", "pointerId", 1)] public byte[] PointerId { get; set; } = [];
    [Parameter("address", "viewer", 2)] public string Viewer { get; set; } = "";
}
