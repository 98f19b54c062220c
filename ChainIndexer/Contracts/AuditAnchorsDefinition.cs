using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

// Typed Nethereum messages for contracts/src/AuditAnchors.sol, in the shape Nethereum's generator emits.
// ContractAbiTests checks every signature here against contracts/artifacts/AuditAnchors.abi.json.
namespace MedRec.ChainIndexer.Contracts.AuditAnchors;

public sealed class AuditAnchorsDeployment() : ContractDeploymentMessage(ContractArtifact.AuditAnchors.Bytecode)
{
    [Parameter("address", "registrar_", 1)] public string Registrar { get; set; } = "";
}

[Function("anchor", "uint64")]
public sealed class AnchorFunction : FunctionMessage
{
    [Parameter("bytes32", "root", 1)] public byte[] Root { get; set; } = [];
    [Parameter("uint64", "firstSeq", 2)] public ulong FirstSeq { get; set; }
    [Parameter("uint64", "lastSeq", 3)] public ulong LastSeq { get; set; }
    [Parameter("uint64", "entryCount", 4)] public ulong EntryCount { get; set; }
}

[Function("headOf", typeof(HeadOfOutput))]
public sealed class HeadOfFunction : FunctionMessage
{
    [Parameter("address", "provider", 1)] public string Provider { get; set; } = "";
}

[FunctionOutput]
public sealed class HeadOfOutput : IFunctionOutputDTO
{
    [Parameter("uint64", "anchorCount", 1)] public ulong AnchorCount { get; set; }
    [Parameter("uint64", "lastSeq", 2)] public ulong LastSeq { get; set; }
}

[Function("anchorOf", typeof(AnchorOfOutput))]
public sealed class AnchorOfFunction : FunctionMessage
{
    [Parameter("address", "provider", 1)] public string Provider { get; set; } = "";
    [Parameter("uint64", "index", 2)] public ulong Index { get; set; }
}

[FunctionOutput]
public sealed class AnchorOfOutput : IFunctionOutputDTO
{
    [Parameter("bytes32", "root", 1)] public byte[] Root { get; set; } = [];
    [Parameter("uint64", "firstSeq", 2)] public ulong FirstSeq { get; set; }
    [Parameter("uint64", "lastSeq", 3)] public ulong LastSeq { get; set; }
    [Parameter("uint64", "entryCount", 4)] public ulong EntryCount { get; set; }
    [Parameter("uint64", "blockNumber", 5)] public ulong BlockNumber { get; set; }
}

[Function("registrar", "address")]
public sealed class AuditAnchorsRegistrarFunction : FunctionMessage;

[Event("AuditAnchored")]
public sealed class AuditAnchoredEvent : IEventDTO
{
    [Parameter("address", "provider", 1, true)] public string Provider { get; set; } = "";
    [Parameter("uint64", "index", 2, true)] public ulong Index { get; set; }
    [Parameter("bytes32", "root", 3, false)] public byte[] Root { get; set; } = [];
    [Parameter("uint64", "firstSeq", 4, false)] public ulong FirstSeq { get; set; }
    [Parameter("uint64", "lastSeq", 5, false)] public ulong LastSeq { get; set; }
    [Parameter("uint64", "entryCount", 6, false)] public ulong EntryCount { get; set; }
}

[Error("ZeroAddress")]
public sealed class AuditAnchorsZeroAddressError;

[Error("NotActiveProvider")]
public sealed class AuditAnchorsNotActiveProviderError
{
    [Parameter("address", "account", 1)] public string Account { get; set; } = "";
}

[Error("EmptyRoot")]
public sealed class EmptyRootError;

[Error("RangeNotContiguous")]
public sealed class RangeNotContiguousError
{
    [Parameter("uint64", "expectedFirstSeq", 1)] public ulong ExpectedFirstSeq { get; set; }
    [Parameter("uint64", "firstSeq", 2)] public ulong FirstSeq { get; set; }
}

[Error("InvalidRange")]
public sealed class InvalidRangeError
{
    [Parameter("uint64", "firstSeq", 1)] public ulong FirstSeq { get; set; }
    [Parameter("uint64", "lastSeq", 2)] public ulong LastSeq { get; set; }
    [Parameter("uint64", "entryCount", 3)] public ulong EntryCount { get; set; }
}

[Error("AnchorNotFound")]
public sealed class AnchorNotFoundError
{
    [Parameter("address", "provider", 1)] public string Provider { get; set; } = "";
    [Parameter("uint64", "index", 2)] public ulong Index { get; set; }
}
