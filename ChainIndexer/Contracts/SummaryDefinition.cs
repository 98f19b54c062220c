using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

// Typed Nethereum messages for contracts/src/Summary.sol, in the shape Nethereum's generator emits.
// ContractAbiTests checks every signature here against contracts/artifacts/Summary.abi.json.
namespace MedRec.ChainIndexer.Contracts.Summary;

public sealed class SummaryDeployment() : ContractDeploymentMessage(ContractArtifact.Summary.Bytecode)
{
    [Parameter("address", "registrar_", 1)] public string Registrar { get; set; } = "";
}

[Function("bindRelationships")]
public sealed class BindRelationshipsFunction : FunctionMessage
{
    [Parameter("address", "relationships_", 1)] public string Relationships { get; set; } = "";
}

[Function("notePointerPublished", "bool")]
public sealed class NotePointerPublishedFunction : FunctionMessage
{
    [Parameter("address", "patient", 1)] public string Patient { get; set; } = "";
    [Parameter("address", "provider", 2)] public string Provider { get; set; } = "";
}

[Function("acceptRelationship")]
public sealed class AcceptRelationshipFunction : FunctionMessage
{
    [Parameter("address", "provider", 1)] public string Provider { get; set; } = "";
}

[Function("rejectRelationship")]
public sealed class RejectRelationshipFunction : FunctionMessage
{
    [Parameter("address", "provider", 1)] public string Provider { get; set; } = "";
}

[Function("setResearchConsent")]
public sealed class SetResearchConsentFunction : FunctionMessage
{
    [Parameter("bool", "consent", 1)] public bool Consent { get; set; }
}

[Function("registrar", "address")]
public sealed class SummaryRegistrarFunction : FunctionMessage;

[Function("deployer", "address")]
public sealed class DeployerFunction : FunctionMessage;

[Function("relationships", "address")]
public sealed class RelationshipsFunction : FunctionMessage;

[Function("statusOf", "uint8")]
public sealed class StatusOfFunction : FunctionMessage
{
    [Parameter("address", "patient", 1)] public string Patient { get; set; } = "";
    [Parameter("address", "provider", 2)] public string Provider { get; set; } = "";
}

[Function("researchConsentOf", "bool")]
public sealed class ResearchConsentOfFunction : FunctionMessage
{
    [Parameter("address", "patient", 1)] public string Patient { get; set; } = "";
}

[Event("RelationshipsBound")]
public sealed class RelationshipsBoundEvent : IEventDTO
{
    [Parameter("address", "relationships", 1, true)] public string Relationships { get; set; } = "";
}

[Event("RelationshipStatusChanged")]
public sealed class RelationshipStatusChangedEvent : IEventDTO
{
    [Parameter("address", "patient", 1, true)] public string Patient { get; set; } = "";
    [Parameter("address", "provider", 2, true)] public string Provider { get; set; } = "";
    [Parameter("uint8", "status", 3, false)] public byte Status { get; set; }
}

[Event("ResearchConsentChanged")]
public sealed class ResearchConsentChangedEvent : IEventDTO
{
    [Parameter("address", "patient", 1, true)] public string Patient { get; set; } = "";
    [Parameter("bool", "consent", 2, false)] public bool Consent { get; set; }
}

[Error("NotDeployer")]
public sealed class NotDeployerError
{
    [Parameter("address", "caller", 1)] public string Caller { get; set; } = "";
}

[Error("AlreadyBound")]
public sealed class AlreadyBoundError
{
    [Parameter("address", "relationships", 1)] public string Relationships { get; set; } = "";
}

[Error("ZeroAddress")]
public sealed class SummaryZeroAddressError;

[Error("NotRelationshipsContract")]
public sealed class NotRelationshipsContractError
{
    [Parameter("address", "caller", 1)] public string Caller { get; set; } = "";
}

[Error("RelationshipNotFound")]
public sealed class RelationshipNotFoundError
{
    [Parameter("address", "patient", 1)] public string Patient { get; set; } = "";
    [Parameter("address", "provider", 2)] public string Provider { get; set; } = "";
}

[Error("StatusUnchanged")]
public sealed class StatusUnchangedError
{
    [Parameter("uint8", "status", 1)] public byte Status { get; set; }
}

[Error("NotPatient")]
public sealed class NotPatientError
{
    [Parameter("address", "caller", 1)] public string Caller { get; set; } = "";
}
