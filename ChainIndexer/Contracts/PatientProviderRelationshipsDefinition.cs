using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

// Typed Nethereum messages for contracts/src/PatientProviderRelationships.sol, in the shape Nethereum's generator
// emits. ContractAbiTests checks every signature here against its compiled ABI.
namespace MedRec.ChainIndexer.Contracts.Relationships;

public sealed class RelationshipsDeployment() : ContractDeploymentMessage(ContractArtifact.Relationships.Bytecode)
{
    [Parameter("address", "registrar_", 1)] public string Registrar { get; set; } = "";
    [Parameter("address", "summary_", 2)] public string Summary { get; set; } = "";
}

/// <summary>One entry of a batch publish: the PointerInput struct of the contract.</summary>
public sealed class PointerInput
{
    [Parameter("bytes32", "pointerId", 1)] public byte[] PointerId { get; set; } = [];
    [Parameter("bytes32", "queryCommitment", 2)] public byte[] QueryCommitment { get; set; } = [];
    [Parameter("bytes32", "dataHash", 3)] public byte[] DataHash { get; set; } = [];
}

[Function("publishPointer")]
public sealed class PublishPointerFunction : FunctionMessage
{
    [Parameter("address", "patient", 1)] public string Patient { get; set; } = "";
    [Parameter("bytes32", "pointerId", 2)] public byte[] PointerId { get; set; } = [];
    [Parameter("bytes32", "queryCommitment", 3)] public byte[] QueryCommitment { get; set; } = [];
    [Parameter("bytes32", "dataHash", 4)] public byte[] DataHash { get; set; } = [];
}

[Function("publishPointers")]
public sealed class PublishPointersFunction : FunctionMessage
{
    [Parameter("address", "patient", 1)] public string Patient { get; set; } = "";
    [Parameter("tuple[]", "pointers", 2)] public List<PointerInput> Pointers { get; set; } = [];
}

[Function("grantAccess")]
public sealed class GrantAccessFunction : FunctionMessage
{
    [Parameter("address", "provider", 1)] public string Provider { get; set; } = "";
    [Parameter("bytes32", "pointerId", 2)] public byte[] PointerId { get; set; } = [];
    [Parameter("address", "viewer", 3)] public string Viewer { get; set; } = "";
    [Parameter("uint64", "expiresAt", 4)] public ulong ExpiresAt { get; set; }
    /// <summary>A <c>PurposeSet</c>: bit <c>1 &lt;&lt; purpose</c>, at least one, none above 0x3F.</summary>
    [Parameter("uint8", "purposes", 5)] public byte Purposes { get; set; }
}

[Function("revokeAccess")]
public sealed class RevokeAccessFunction : FunctionMessage
{
    [Parameter("address", "provider", 1)] public string Provider { get; set; } = "";
    [Parameter("bytes32", "pointerId", 2)] public byte[] PointerId { get; set; } = [];
    [Parameter("address", "viewer", 3)] public string Viewer { get; set; } = "";
}

[Function("registrar", "address")]
public sealed class RelationshipsRegistrarFunction : FunctionMessage;

[Function("summary", "address")]
public sealed class RelationshipsSummaryFunction : FunctionMessage;

[Function("pointerOf", typeof(PointerOfOutput))]
public sealed class PointerOfFunction : FunctionMessage
{
    [Parameter("address", "patient", 1)] public string Patient { get; set; } = "";
    [Parameter("address", "provider", 2)] public string Provider { get; set; } = "";
    [Parameter("bytes32", "pointerId", 3)] public byte[] PointerId { get; set; } = [];
}

[FunctionOutput]
public sealed class PointerOfOutput : IFunctionOutputDTO
{
    [Parameter("uint64", "version", 1)] public ulong Version { get; set; }
    [Parameter("bytes24", "contentDigest", 2)] public byte[] ContentDigest { get; set; } = [];
}

[Function("grantOf", typeof(GrantOfOutput))]
public sealed class GrantOfFunction : FunctionMessage
{
    [Parameter("address", "patient", 1)] public string Patient { get; set; } = "";
    [Parameter("address", "provider", 2)] public string Provider { get; set; } = "";
    [Parameter("bytes32", "pointerId", 3)] public byte[] PointerId { get; set; } = [];
    [Parameter("address", "viewer", 4)] public string Viewer { get; set; } = "";
}

/// <summary>A grant as stored: expiry and purposes, both 0 when there is no grant.</summary>
[FunctionOutput]
public sealed class GrantOfOutput : IFunctionOutputDTO
{
    [Parameter("uint64", "expiresAt", 1)] public ulong ExpiresAt { get; set; }
    [Parameter("uint8", "purposes", 2)] public byte Purposes { get; set; }
}

[Function("requireAccess")]
public sealed class RequireAccessFunction : FunctionMessage
{
    [Parameter("address", "patient", 1)] public string Patient { get; set; } = "";
    [Parameter("address", "provider", 2)] public string Provider { get; set; } = "";
    [Parameter("bytes32", "pointerId", 3)] public byte[] PointerId { get; set; } = [];
    [Parameter("address", "viewer", 4)] public string Viewer { get; set; } = "";
    [Parameter("uint8", "purpose", 5)] public byte Purpose { get; set; }
}

[Function("pointerKey", "bytes32")]
public sealed class PointerKeyFunction : FunctionMessage
{
    [Parameter("address", "patient", 1)] public string Patient { get; set; } = "";
    [Parameter("address", "provider", 2)] public string Provider { get; set; } = "";
    [Parameter("bytes32", "pointerId", 3)] public byte[] PointerId { get; set; } = [];
}

[Function("contentDigestOf", "bytes24")]
public sealed class ContentDigestOfFunction : FunctionMessage
{
    [Parameter("bytes32", "queryCommitment", 1)] public byte[] QueryCommitment { get; set; } = [];
    [Parameter("bytes32", "dataHash", 2)] public byte[] DataHash { get; set; } = [];
}

[Event("PointerPublished")]
public sealed class PointerPublishedEvent : IEventDTO
{
    [Parameter("address", "patient", 1, true)] public string Patient { get; set; } = "";
    [Parameter("address", "provider", 2, true)] public string Provider { get; set; } = "";
    [Parameter("bytes32", "pointerId", 3, true)] public byte[] PointerId { get; set; } = [];
    [Parameter("bytes32", "queryCommitment", 4, false)] public byte[] QueryCommitment { get; set; } = [];
    [Parameter("bytes32", "dataHash", 5, false)] public byte[] DataHash { get; set; } = [];
    [Parameter("uint64", "version", 6, false)] public ulong Version { get; set; }
}

[Event("AccessGranted")]
public sealed class AccessGrantedEvent : IEventDTO
{
    [Parameter("address", "patient", 1, true)] public string Patient { get; set; } = "";
    [Parameter("address", "provider", 2, true)] public string Provider { get; set; } = "";
    [Parameter("address", "viewer", 3, true)] public string Viewer { get; set; } = "";
    [Parameter("bytes32", "pointerId", 4, false)] public byte[] PointerId { get; set; } = [];
    [Parameter("uint64", "expiresAt", 5, false)] public ulong ExpiresAt { get; set; }
    [Parameter("uint8", "purposes", 6, false)] public byte Purposes { get; set; }
}

[Event("AccessRevoked")]
public sealed class AccessRevokedEvent : IEventDTO
{
    [Parameter("address", "patient", 1, true)] public string Patient { get; set; } = "";
    [Parameter("address", "provider", 2, true)] public string Provider { get; set; } = "";
    [Parameter("address", "viewer", 3, true)] public string Viewer { get; set; } = "";
    [Parameter("bytes32", "pointerId", 4, false)] public byte[] PointerId { get; set; } = [];
}

[Error("ZeroAddress")]
public sealed class RelationshipsZeroAddressError;

[Error("NotActiveProvider")]
public sealed class NotActiveProviderError
{
    [Parameter("address", "account", 1)] public string Account { get; set; } = "";
}

[Error("UnknownPatient")]
public sealed class UnknownPatientError
{
    [Parameter("address", "patient", 1)] public string Patient { get; set; } = "";
}

[Error("UnknownViewer")]
public sealed class UnknownViewerError
{
    [Parameter("address", "viewer", 1)] public string Viewer { get; set; } = "";
}

[Error("EmptyBatch")]
public sealed class EmptyBatchError;

[Error("EmptyValue")]
public sealed class EmptyValueError;

[Error("PointerNotFound")]
public sealed class PointerNotFoundError
{
    [Parameter("address", "patient", 1)] public string Patient { get; set; } = "";
    [Parameter("address", "provider", 2)] public string Provider { get; set; } = "";
    [Parameter("bytes32", "pointerId", 3)] public byte[] PointerId { get; set; } = [];
}

[Error("ExpiryInPast")]
public sealed class ExpiryInPastError
{
    [Parameter("uint64", "expiresAt", 1)] public ulong ExpiresAt { get; set; }
}

[Error("ViewerIsPatient")]
public sealed class ViewerIsPatientError;

[Error("GrantNotFound")]
public sealed class GrantNotFoundError
{
    [Parameter("address", "viewer", 1)] public string Viewer { get; set; } = "";
    [Parameter("bytes32", "pointerId", 2)] public byte[] PointerId { get; set; } = [];
}

[Error("GrantExpired")]
public sealed class GrantExpiredError
{
    [Parameter("address", "viewer", 1)] public string Viewer { get; set; } = "";
    [Parameter("bytes32", "pointerId", 2)] public byte[] PointerId { get; set; } = [];
    [Parameter("uint64", "expiredAt", 3)] public ulong ExpiredAt { get; set; }
}

[Error("InvalidPurposes")]
public sealed class InvalidPurposesError
{
    [Parameter("uint8", "purposes", 1)] public byte Purposes { get; set; }
}

[Error("PurposeNotGranted")]
public sealed class PurposeNotGrantedError
{
    [Parameter("address", "viewer", 1)] public string Viewer { get; set; } = "";
    [Parameter("bytes32", "pointerId", 2)] public byte[] PointerId { get; set; } = [];
    [Parameter("uint8", "purpose", 3)] public byte Purpose { get; set; }
}
