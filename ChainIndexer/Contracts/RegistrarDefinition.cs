using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;

// Typed Nethereum messages for contracts/src/Registrar.sol, in the shape Nethereum's generator emits.
// RegistrarAbiTests checks every signature here against contracts/artifacts/Registrar.abi.json.
namespace MedRec.ChainIndexer.Contracts.Registrar;

public sealed class RegistrarDeployment() : ContractDeploymentMessage(ContractArtifact.Registrar.Bytecode)
{
    [Parameter("bytes32", "rootIdentityHash", 1)] public byte[] RootIdentityHash { get; set; } = [];
}

[Function("addCertifier")]
public sealed class AddCertifierFunction : FunctionMessage
{
    [Parameter("address", "certifier", 1)] public string Certifier { get; set; } = "";
    [Parameter("bytes32", "identityHash", 2)] public byte[] IdentityHash { get; set; } = [];
}

[Function("registerPatient")]
public sealed class RegisterPatientFunction : FunctionMessage
{
    [Parameter("bytes32", "identityHash", 1)] public byte[] IdentityHash { get; set; } = [];
}

[Function("registerProvider")]
public sealed class RegisterProviderFunction : FunctionMessage
{
    [Parameter("address", "provider", 1)] public string Provider { get; set; } = "";
    [Parameter("bytes32", "identityHash", 2)] public byte[] IdentityHash { get; set; } = [];
    [Parameter("string", "endpoint", 3)] public string Endpoint { get; set; } = "";
}

[Function("setProviderEndpoint")]
public sealed class SetProviderEndpointFunction : FunctionMessage
{
    [Parameter("string", "endpoint", 1)] public string Endpoint { get; set; } = "";
}

[Function("revokeProvider")]
public sealed class RevokeProviderFunction : FunctionMessage
{
    [Parameter("address", "provider", 1)] public string Provider { get; set; } = "";
}

[Function("registerResearcher")]
public sealed class RegisterResearcherFunction : FunctionMessage
{
    [Parameter("address", "researcher", 1)] public string Researcher { get; set; } = "";
    [Parameter("bytes32", "identityHash", 2)] public byte[] IdentityHash { get; set; } = [];
    [Parameter("address", "validator", 3)] public string Validator { get; set; } = "";
}

[Function("rootCertifier", "address")]
public sealed class RootCertifierFunction : FunctionMessage;

[Function("roleOf", "uint8")]
public sealed class RoleOfFunction : FunctionMessage
{
    [Parameter("address", "account", 1)] public string Account { get; set; } = "";
}

[Function("identityOf", "bytes32")]
public sealed class IdentityOfFunction : FunctionMessage
{
    [Parameter("address", "account", 1)] public string Account { get; set; } = "";
}

[Function("endpointOf", "string")]
public sealed class EndpointOfFunction : FunctionMessage
{
    [Parameter("address", "provider", 1)] public string Provider { get; set; } = "";
}

[Function("validatorOf", "address")]
public sealed class ValidatorOfFunction : FunctionMessage
{
    [Parameter("address", "researcher", 1)] public string Researcher { get; set; } = "";
}

[Function("isRevoked", "bool")]
public sealed class IsRevokedFunction : FunctionMessage
{
    [Parameter("address", "account", 1)] public string Account { get; set; } = "";
}

[Function("isRegistered", "bool")]
public sealed class IsRegisteredFunction : FunctionMessage
{
    [Parameter("address", "account", 1)] public string Account { get; set; } = "";
}

[Function("isPatient", "bool")]
public sealed class IsPatientFunction : FunctionMessage
{
    [Parameter("address", "account", 1)] public string Account { get; set; } = "";
}

[Function("isActiveProvider", "bool")]
public sealed class IsActiveProviderFunction : FunctionMessage
{
    [Parameter("address", "account", 1)] public string Account { get; set; } = "";
}

[Function("relationshipStanding", typeof(RelationshipStandingOutput))]
public sealed class RelationshipStandingFunction : FunctionMessage
{
    [Parameter("address", "patient", 1)] public string Patient { get; set; } = "";
    [Parameter("address", "provider", 2)] public string Provider { get; set; } = "";
}

[FunctionOutput]
public sealed class RelationshipStandingOutput : IFunctionOutputDTO
{
    [Parameter("bool", "patientRegistered", 1)] public bool PatientRegistered { get; set; }
    [Parameter("bool", "providerActive", 2)] public bool ProviderActive { get; set; }
}

[Event("CertifierAdded")]
public sealed class CertifierAddedEvent : IEventDTO
{
    [Parameter("address", "certifier", 1, true)] public string Certifier { get; set; } = "";
    [Parameter("bytes32", "identityHash", 2, false)] public byte[] IdentityHash { get; set; } = [];
    [Parameter("address", "addedBy", 3, true)] public string AddedBy { get; set; } = "";
}

[Event("PatientRegistered")]
public sealed class PatientRegisteredEvent : IEventDTO
{
    [Parameter("address", "patient", 1, true)] public string Patient { get; set; } = "";
    [Parameter("bytes32", "identityHash", 2, false)] public byte[] IdentityHash { get; set; } = [];
}

[Event("ProviderRegistered")]
public sealed class ProviderRegisteredEvent : IEventDTO
{
    [Parameter("address", "provider", 1, true)] public string Provider { get; set; } = "";
    [Parameter("bytes32", "identityHash", 2, false)] public byte[] IdentityHash { get; set; } = [];
    [Parameter("string", "endpoint", 3, false)] public string Endpoint { get; set; } = "";
    [Parameter("address", "certifier", 4, true)] public string Certifier { get; set; } = "";
}

[Event("ProviderEndpointChanged")]
public sealed class ProviderEndpointChangedEvent : IEventDTO
{
    [Parameter("address", "provider", 1, true)] public string Provider { get; set; } = "";
    [Parameter("string", "endpoint", 2, false)] public string Endpoint { get; set; } = "";
}

[Event("ProviderRevoked")]
public sealed class ProviderRevokedEvent : IEventDTO
{
    [Parameter("address", "provider", 1, true)] public string Provider { get; set; } = "";
    [Parameter("address", "certifier", 2, true)] public string Certifier { get; set; } = "";
}

[Event("ResearcherRegistered")]
public sealed class ResearcherRegisteredEvent : IEventDTO
{
    [Parameter("address", "researcher", 1, true)] public string Researcher { get; set; } = "";
    [Parameter("bytes32", "identityHash", 2, false)] public byte[] IdentityHash { get; set; } = [];
    [Parameter("address", "validator", 3, true)] public string Validator { get; set; } = "";
    [Parameter("address", "certifier", 4, true)] public string Certifier { get; set; } = "";
}

[Error("NotRootCertifier")]
public sealed class NotRootCertifierError
{
    [Parameter("address", "caller", 1)] public string Caller { get; set; } = "";
}

[Error("NotCertifier")]
public sealed class NotCertifierError
{
    [Parameter("address", "caller", 1)] public string Caller { get; set; } = "";
}

[Error("NotActiveProvider")]
public sealed class RegistrarNotActiveProviderError
{
    [Parameter("address", "account", 1)] public string Account { get; set; } = "";
}

[Error("AlreadyRegistered")]
public sealed class AlreadyRegisteredError
{
    [Parameter("address", "account", 1)] public string Account { get; set; } = "";
}

[Error("EmptyIdentity")]
public sealed class EmptyIdentityError;

[Error("ZeroAddress")]
public sealed class ZeroAddressError;

[Error("EmptyEndpoint")]
public sealed class EmptyEndpointError;
