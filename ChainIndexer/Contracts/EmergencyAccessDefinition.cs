using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

// Typed Nethereum messages for contracts/src/EmergencyAccess.sol, in the shape Nethereum's generator emits.
// ContractAbiTests checks every signature here against contracts/artifacts/EmergencyAccess.abi.json.
namespace MedRec.ChainIndexer.Contracts.EmergencyAccess;

public sealed class EmergencyAccessDeployment() : ContractDeploymentMessage(ContractArtifact.EmergencyAccess.Bytecode)
{
    [Parameter("address", "registrar_", 1)] public string Registrar { get; set; } = "";
}

[Function("open", "uint64")]
public sealed class OpenEmergencyAccessFunction : FunctionMessage
{
    [Parameter("address", "patient", 1)] public string Patient { get; set; } = "";
    [Parameter("bytes32", "justificationCommitment", 2)] public byte[] JustificationCommitment { get; set; } = [];
    [Parameter("uint64", "durationSeconds", 3)] public ulong DurationSeconds { get; set; }
}

[Function("close")]
public sealed class CloseEmergencyAccessFunction : FunctionMessage
{
    [Parameter("address", "provider", 1)] public string Provider { get; set; } = "";
}

[Function("expiresAtOf", "uint64")]
public sealed class ExpiresAtOfFunction : FunctionMessage
{
    [Parameter("address", "patient", 1)] public string Patient { get; set; } = "";
    [Parameter("address", "provider", 2)] public string Provider { get; set; } = "";
}

[Function("MAX_DURATION", "uint64")]
public sealed class MaxDurationFunction : FunctionMessage;

[Function("registrar", "address")]
public sealed class EmergencyAccessRegistrarFunction : FunctionMessage;

[Event("EmergencyAccessOpened")]
public sealed class EmergencyAccessOpenedEvent : IEventDTO
{
    [Parameter("address", "patient", 1, true)] public string Patient { get; set; } = "";
    [Parameter("address", "provider", 2, true)] public string Provider { get; set; } = "";
    [Parameter("bytes32", "justificationCommitment", 3, false)] public byte[] JustificationCommitment { get; set; } = [];
    [Parameter("uint64", "openedAt", 4, false)] public ulong OpenedAt { get; set; }
    [Parameter("uint64", "expiresAt", 5, false)] public ulong ExpiresAt { get; set; }
}

[Event("EmergencyAccessClosed")]
public sealed class EmergencyAccessClosedEvent : IEventDTO
{
    [Parameter("address", "patient", 1, true)] public string Patient { get; set; } = "";
    [Parameter("address", "provider", 2, true)] public string Provider { get; set; } = "";
    [Parameter("uint64", "closedAt", 3, false)] public ulong ClosedAt { get; set; }
}

[Error("ZeroAddress")]
public sealed class EmergencyAccessZeroAddressError;

[Error("NotActiveProvider")]
public sealed class EmergencyAccessNotActiveProviderError
{
    [Parameter("address", "account", 1)] public string Account { get; set; } = "";
}

[Error("UnknownPatient")]
public sealed class EmergencyAccessUnknownPatientError
{
    [Parameter("address", "patient", 1)] public string Patient { get; set; } = "";
}

[Error("EmptyCommitment")]
public sealed class EmptyCommitmentError;

[Error("InvalidDuration")]
public sealed class InvalidDurationError
{
    [Parameter("uint64", "durationSeconds", 1)] public ulong DurationSeconds { get; set; }
    [Parameter("uint64", "maxDuration", 2)] public ulong MaxDuration { get; set; }
}

[Error("NoOpenEmergencyAccess")]
public sealed class NoOpenEmergencyAccessError
{
    [Parameter("address", "patient", 1)] public string Patient { get; set; } = "";
    [Parameter("address", "provider", 2)] public string Provider { get; set; } = "";
}
