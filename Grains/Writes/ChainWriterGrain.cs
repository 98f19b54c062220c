using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Contracts.AuditAnchors;
using MedRec.ChainIndexer.Contracts.EmergencyAccess;
using MedRec.ChainIndexer.Contracts.Registrar;
using MedRec.ChainIndexer.Contracts.Relationships;
using MedRec.ChainIndexer.Contracts.Summary;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Writes;
using MedRec.Grains.Publishing;
using MedRec.Grains.Records;
using Microsoft.Extensions.Logging;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;

namespace MedRec.Grains.Writes;

/// <summary>
/// One participant's transactions (keyed by its lowercase address), signed with its custody key. Not reentrant (the
/// Orleans default): one call at a time, so the participant's transactions leave in order and its account nonce never
/// races. Answers once a transaction is sent; the API tracks it by hash (docs/adr/0004-http-api.md).
/// </summary>
public sealed partial class ChainWriterGrain(
    IParticipantKeyStore keys, Deployment deployment, IProviderStoreFactory stores, ILogger<ChainWriterGrain> logger)
    : Grain, IChainWriterGrain
{
    private ParticipantClient? _client;
    private RecordPublisher? _publisher;
    private IProviderStore? _store;

    private string Participant => this.GetPrimaryKeyString();

    public Task<string> RegisterPatientAsync(string identityCommitment) =>
        SendAsync(deployment.Contracts.Registrar, new RegisterPatientFunction { IdentityHash = identityCommitment.HexToByteArray() });

    public Task<string> RegisterProviderAsync(string provider, string identityCommitment, string endpoint) =>
        SendAsync(deployment.Contracts.Registrar, new RegisterProviderFunction
        {
            Provider = provider, IdentityHash = identityCommitment.HexToByteArray(), Endpoint = endpoint,
        });

    public Task<string> RegisterResearcherAsync(string researcher, string identityCommitment, string validator) =>
        SendAsync(deployment.Contracts.Registrar, new RegisterResearcherFunction
        {
            Researcher = researcher, IdentityHash = identityCommitment.HexToByteArray(), Validator = validator,
        });

    public Task<string> AcceptRelationshipAsync(string provider) =>
        SendAsync(deployment.Contracts.Summary, new AcceptRelationshipFunction { Provider = provider });

    public Task<string> RejectRelationshipAsync(string provider) =>
        SendAsync(deployment.Contracts.Summary, new RejectRelationshipFunction { Provider = provider });

    public Task<string> GrantAsync(string provider, string pointerId, string viewer, ulong expiresAt, PurposeSet purposes) =>
        SendAsync(deployment.Contracts.Relationships, new GrantAccessFunction
        {
            Provider = provider, PointerId = pointerId.HexToByteArray(), Viewer = viewer, ExpiresAt = expiresAt,
            Purposes = (byte)purposes,
        });

    public Task<string> RevokeAsync(string provider, string pointerId, string viewer) =>
        SendAsync(deployment.Contracts.Relationships, new RevokeAccessFunction
        {
            Provider = provider, PointerId = pointerId.HexToByteArray(), Viewer = viewer,
        });

    public Task<string> SetResearchConsentAsync(bool consent) =>
        SendAsync(deployment.Contracts.Summary, new SetResearchConsentFunction { Consent = consent });

    public Task<string> AnchorAuditAsync(string root, ulong firstSeq, ulong lastSeq, ulong entryCount) =>
        SendAsync(
            deployment.Contracts.AuditAnchors is { Length: > 0 } anchors
                ? anchors
                : throw new InvalidOperationException("The deployment has no AuditAnchors contract; redeploy (medrec deploy) to anchor audits."),
            new AnchorFunction { Root = root.HexToByteArray(), FirstSeq = firstSeq, LastSeq = lastSeq, EntryCount = entryCount });

    public async Task<string> OpenEmergencyAccessAsync(EmergencyJustification justification)
    {
        ArgumentNullException.ThrowIfNull(justification);
        var contract = EmergencyAccessContract();
        var commitment = justification.JustificationCommitment.HexToByteArray();
        if (!commitment.AsSpan().SequenceEqual(IdentityCommitment.Create(justification.Justification, justification.Salt.HexToByteArray())))
        {
            throw new ArgumentException("The commitment is not keccak256(salt ‖ justification).", nameof(justification));
        }

        // The custody key first (no row for an opening that cannot be sent), then the provider's own database before
        // anything is sent: a window on chain must never lack its text.
        var client = await ClientAsync();
        var store = await StoreAsync();
        await store.RecordEmergencyJustificationAsync(justification with { TransactionHash = null }, CancellationToken.None);
        string transaction;
        try
        {
            transaction = await SendWithClientAsync(client, contract, new OpenEmergencyAccessFunction
            {
                Patient = justification.Patient, JustificationCommitment = commitment, DurationSeconds = justification.DurationSeconds,
            }, CancellationToken.None);
        }
        catch (ChainWriteRevertedException revert)
        {
            await store.MarkEmergencyJustificationSentAsync(justification.JustificationCommitment, EmergencyJustification.RefusedPrefix + revert.ErrorName, CancellationToken.None);
            throw;
        }

        await store.MarkEmergencyJustificationSentAsync(justification.JustificationCommitment, transaction, CancellationToken.None);
        return transaction;
    }

    public Task<string> CloseEmergencyAccessAsync(string provider) =>
        SendAsync(EmergencyAccessContract(), new CloseEmergencyAccessFunction { Provider = provider });

    private string EmergencyAccessContract() => deployment.Contracts.EmergencyAccess is { Length: > 0 } emergency
        ? emergency
        : throw new InvalidOperationException("The deployment has no EmergencyAccess contract; redeploy (medrec deploy) for break-the-glass.");

    public async Task<RecordsPublication> AddRecordsAsync(string patient, IReadOnlyList<string> resources)
    {
        ArgumentNullException.ThrowIfNull(resources);
        var parsed = resources.Select(FhirJson.Parse).ToList();
        var client = await ClientAsync();
        if (_publisher is null)
        {
            var store = await StoreAsync();
            _publisher = new RecordPublisher(store, (who, pointers, ct) => SendWithClientAsync(client, deployment.Contracts.Relationships,
                new PublishPointersFunction { Patient = who, Pointers = pointers.ToList() }, ct));
        }

        var publication = await _publisher.PublishAsync(patient, parsed, CancellationToken.None);
        return new RecordsPublication(publication.TransactionHash ?? "",
            publication.Pointers.Select(p => new PublishedPointerInfo(p.PointerId, p.DataHash, p.RecordCount)).ToList());
    }

    /// <summary>The participant's provider store, migrated on first use in this activation.</summary>
    /// <exception cref="ProviderStoreNotConfiguredException">No store is configured for the participant.</exception>
    private async ValueTask<IProviderStore> StoreAsync()
    {
        if (_store is not null) return _store;
        var store = stores.For(Participant);
        // Versioned and idempotent: brings a store that was never used up to the current schema.
        await store.MigrateAsync(CancellationToken.None);
        return _store = store;
    }

    private async Task<string> SendAsync<TFunction>(string contract, TFunction function)
        where TFunction : FunctionMessage, new() =>
        await SendWithClientAsync(await ClientAsync(), contract, function, CancellationToken.None);

    private async Task<string> SendWithClientAsync<TFunction>(ParticipantClient client, string contract, TFunction function, CancellationToken cancellationToken)
        where TFunction : FunctionMessage, new()
    {
        try
        {
            var hash = await client.SendWithoutReceiptAsync(contract, function, cancellationToken);
            LogSent(logger, typeof(TFunction).Name, Participant, hash);
            return hash;
        }
        catch (ChainRevertException revert)
        {
            LogRefused(logger, typeof(TFunction).Name, Participant, revert.ErrorName);
            throw new ChainWriteRevertedException(revert.ErrorName, revert.Message);
        }
    }

    private async ValueTask<ParticipantClient> ClientAsync()
    {
        if (_client is not null) return _client;
        var key = await keys.FindAsync(Participant, CancellationToken.None) ?? throw new NoCustodyKeyException(Participant);
        return _client = new ParticipantClient(deployment.RpcUrl, deployment.ChainId, key, deployment.Contracts);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Chain writer {Participant}: sent {Function} as {TransactionHash}")]
    private static partial void LogSent(ILogger logger, string function, string participant, string transactionHash);

    [LoggerMessage(Level = LogLevel.Information, Message = "Chain writer {Participant}: {Function} refused by the contract ({Error}), nothing sent")]
    private static partial void LogRefused(ILogger logger, string function, string participant, string error);
}
