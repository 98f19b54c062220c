using MedRec.ChainIndexer.Contracts.Registrar;
using MedRec.ChainIndexer.Contracts.Relationships;
using MedRec.ChainIndexer.Contracts.Summary;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Chain;
using MedRec.Grains.Abstractions.Telemetry;
using Nethereum.ABI.FunctionEncoding.Attributes;
using Nethereum.Contracts;
using Nethereum.Web3;

namespace MedRec.ChainIndexer.Chain;

/// <summary>Reads MedRec state straight from contract storage with eth_call (no key needed).</summary>
public sealed class ChainReader(string rpcUrl, ContractAddresses contracts)
{
    public Web3 Web3 { get; } = new(rpcUrl);
    public ContractAddresses Contracts { get; } = contracts;

    public async Task<TOutput> QueryAsync<TFunction, TOutput>(string contractAddress, TFunction function)
        where TFunction : FunctionMessage, new()
    {
        using var activity = MedRecTelemetry.StartChainCall("call", typeof(TFunction).Name, contractAddress);
        try
        {
            return await Web3.Eth.GetContractQueryHandler<TFunction>().QueryAsync<TOutput>(contractAddress, function);
        }
        catch (Exception ex) when (ContractErrorDecoder.TryDecode(ex) is { } revert)
        {
            MedRecTelemetry.Failed(activity, revert);
            throw revert;
        }
    }

    public async Task<TOutput> QueryDtoAsync<TFunction, TOutput>(string contractAddress, TFunction function)
        where TFunction : FunctionMessage, new()
        where TOutput : IFunctionOutputDTO, new()
    {
        using var activity = MedRecTelemetry.StartChainCall("call", typeof(TFunction).Name, contractAddress);
        try
        {
            return await Web3.Eth.GetContractQueryHandler<TFunction>()
                .QueryDeserializingToObjectAsync<TOutput>(function, contractAddress);
        }
        catch (Exception ex) when (ContractErrorDecoder.TryDecode(ex) is { } revert)
        {
            MedRecTelemetry.Failed(activity, revert);
            throw revert;
        }
    }

    public async Task<ParticipantRole> RoleOfAsync(string account) =>
        (ParticipantRole)await QueryAsync<RoleOfFunction, byte>(Contracts.Registrar, new RoleOfFunction { Account = account });

    public Task<byte[]> IdentityOfAsync(string account) =>
        QueryAsync<IdentityOfFunction, byte[]>(Contracts.Registrar, new IdentityOfFunction { Account = account });

    public Task<string> EndpointOfAsync(string provider) =>
        QueryAsync<EndpointOfFunction, string>(Contracts.Registrar, new EndpointOfFunction { Provider = provider });

    public Task<string> ValidatorOfAsync(string researcher) =>
        QueryAsync<ValidatorOfFunction, string>(Contracts.Registrar, new ValidatorOfFunction { Researcher = researcher });

    public Task<bool> IsActiveProviderAsync(string account) =>
        QueryAsync<IsActiveProviderFunction, bool>(Contracts.Registrar, new IsActiveProviderFunction { Account = account });

    public Task<bool> IsRevokedAsync(string account) =>
        QueryAsync<IsRevokedFunction, bool>(Contracts.Registrar, new IsRevokedFunction { Account = account });

    public Task<RelationshipStandingOutput> RelationshipStandingAsync(string patient, string provider) =>
        QueryDtoAsync<RelationshipStandingFunction, RelationshipStandingOutput>(
            Contracts.Registrar, new RelationshipStandingFunction { Patient = patient, Provider = provider });

    public async Task<RelationshipStatus> StatusOfAsync(string patient, string provider) =>
        (RelationshipStatus)await QueryAsync<StatusOfFunction, byte>(
            Contracts.Summary, new StatusOfFunction { Patient = patient, Provider = provider });

    public Task<bool> ResearchConsentOfAsync(string patient) =>
        QueryAsync<ResearchConsentOfFunction, bool>(Contracts.Summary, new ResearchConsentOfFunction { Patient = patient });

    public Task<PointerOfOutput> PointerOfAsync(string patient, string provider, byte[] pointerId) =>
        QueryDtoAsync<PointerOfFunction, PointerOfOutput>(
            Contracts.Relationships, new PointerOfFunction { Patient = patient, Provider = provider, PointerId = pointerId });

    /// <summary>The viewer's grant of one pointer as stored: expiry and purposes (a <see cref="PurposeSet"/>), both 0
    /// when there is none.</summary>
    public Task<GrantOfOutput> GrantOfAsync(string patient, string provider, byte[] pointerId, string viewer) =>
        QueryDtoAsync<GrantOfFunction, GrantOfOutput>(Contracts.Relationships, new GrantOfFunction
        {
            Patient = patient, Provider = provider, PointerId = pointerId, Viewer = viewer,
        });

    /// <summary>When the provider's emergency window with the patient ends (0: none or closed; docs/adr/0011-break-the-glass.md).</summary>
    public Task<ulong> EmergencyExpiryOfAsync(string patient, string provider) =>
        QueryAsync<MedRec.ChainIndexer.Contracts.EmergencyAccess.ExpiresAtOfFunction, ulong>(Contracts.EmergencyAccess,
            new MedRec.ChainIndexer.Contracts.EmergencyAccess.ExpiresAtOfFunction { Patient = patient, Provider = provider });

    /// <summary>Completes when <paramref name="viewer"/> may read the pointer now for <paramref name="purpose"/>;
    /// otherwise throws the contract's GrantNotFound, GrantExpired or PurposeNotGranted as a
    /// <see cref="ChainRevertException"/>.</summary>
    public async Task RequireAccessAsync(string patient, string provider, byte[] pointerId, string viewer, Purpose purpose)
    {
        var function = new RequireAccessFunction
        {
            Patient = patient, Provider = provider, PointerId = pointerId, Viewer = viewer, Purpose = (byte)purpose,
        };
        using var activity = MedRecTelemetry.StartChainCall("call", nameof(RequireAccessFunction), Contracts.Relationships);
        try
        {
            await Web3.Eth.GetContractQueryHandler<RequireAccessFunction>().QueryRawAsync(Contracts.Relationships, function);
        }
        catch (Exception ex) when (ContractErrorDecoder.TryDecode(ex) is { } revert)
        {
            MedRecTelemetry.Failed(activity, revert);
            throw revert;
        }
    }
}
