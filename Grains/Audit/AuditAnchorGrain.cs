using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Contracts.AuditAnchors;
using MedRec.Grains.Abstractions.Audit;
using MedRec.Grains.Abstractions.Writes;
using MedRec.Grains.Access;
using MedRec.Grains.Records;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Web3;
using Orleans.Runtime;

namespace MedRec.Grains.Audit;

/// <summary>
/// One provider's audit anchors (keyed by its lowercase address). The chain is the reference for what is anchored:
/// before anchoring, and when a proof finds no covering anchor, the grain catches up with the contract's head (an
/// anchor a reorg removed is dropped, one the state lacks is read back from storage and its log). Not reentrant, so
/// two anchors of one provider never race for the same range.
/// </summary>
public sealed partial class AuditAnchorGrain(
    [PersistentState("audit-anchors", AccessStorage.Name)] IPersistentState<AuditAnchorState> state,
    Deployment deployment,
    IProviderStoreFactory stores,
    IOptions<AuditAnchorOptions> options,
    [FromKeyedServices(AccessServiceCollectionExtensions.ClockKey)] TimeProvider time,
    ILogger<AuditAnchorGrain> logger)
    : Grain, IAuditAnchorGrain
{
    private Web3? _web3;

    private string Provider => this.GetPrimaryKeyString().ToLowerInvariant();

    private Web3 Web3 => _web3 ??= new Web3(deployment.RpcUrl);

    private string Contract => deployment.Contracts.AuditAnchors is { Length: > 0 } address
        ? address
        : throw new InvalidOperationException("The deployment has no AuditAnchors contract; redeploy (medrec deploy) to anchor audits.");

    public async Task<AuditAnchorInfo?> AnchorNowAsync()
    {
        var head = await SyncAsync();
        var store = stores.For(Provider);
        await store.MigrateAsync(CancellationToken.None);
        var limit = Math.Clamp(options.Value.MaxEntriesPerAnchor, 1, RelationalProviderStore.MaxAuditLimit);
        var read = await store.AuditBySeqAsync((long)head.LastSeq + 1, long.MaxValue, limit, CancellationToken.None);
        var settled = time.GetUtcNow() - options.Value.SettleTime;
        var entries = read.TakeWhile(e => e.Entry.Time <= settled).ToList();
        if (entries.Count == 0) return null;

        var root = AuditMerkle.Root(entries.Select(AuditMerkle.Leaf).ToList()).ToHex(true);
        var firstSeq = (long)head.LastSeq + 1;
        var lastSeq = entries[^1].Seq;
        var hash = await GrainFactory.GetGrain<IChainWriterGrain>(Provider)
            .AnchorAuditAsync(root, (ulong)firstSeq, (ulong)lastSeq, (ulong)entries.Count);
        var receipt = await ReceiptAsync(hash);
        if (receipt.Status?.Value != 1) throw new InvalidOperationException($"The audit anchor transaction {hash} of {Provider} failed.");
        var anchored = receipt.DecodeAllEvents<AuditAnchoredEvent>().Single(e => e.Event.Provider.Equals(Provider, StringComparison.OrdinalIgnoreCase)).Event;
        var anchor = new AuditAnchorInfo(Provider, anchored.Index, firstSeq, lastSeq, entries.Count, root, hash,
            (ulong)receipt.BlockNumber.Value, Contract);
        state.State.Anchors.Add(anchor);
        await state.WriteStateAsync();
        LogAnchored(logger, Provider, anchor.Index, firstSeq, lastSeq, entries.Count, hash);
        return anchor;
    }

    public Task<IReadOnlyList<AuditAnchorInfo>> AnchorsAsync() => Task.FromResult<IReadOnlyList<AuditAnchorInfo>>(state.State.Anchors.ToList());

    public async Task<AuditProofLookup> ProofAsync(string entryId, string patient)
    {
        ArgumentNullException.ThrowIfNull(entryId);
        ArgumentNullException.ThrowIfNull(patient);
        var store = stores.For(Provider);
        var found = await store.FindAuditAsync(entryId, CancellationToken.None);
        if (found is null || !found.Entry.Patient.Equals(patient, StringComparison.OrdinalIgnoreCase)) return new AuditProofLookup(AuditProofStatus.NotFound, null);

        var anchor = Covering(found.Seq);
        if (anchor is null)
        {
            await SyncAsync();
            anchor = Covering(found.Seq);
            if (anchor is null) return new AuditProofLookup(AuditProofStatus.NotAnchored, null);
        }

        // Built from the entries stored today: a rewritten log yields a path that no longer leads to the chain's root.
        var entries = await store.AuditBySeqAsync(anchor.FirstSeq, anchor.LastSeq, RelationalProviderStore.MaxAuditLimit, CancellationToken.None);
        var index = entries.ToList().FindIndex(e => e.Seq == found.Seq);
        var leaves = entries.Select(AuditMerkle.Leaf).ToList();
        return new AuditProofLookup(AuditProofStatus.Found, new AuditProof(found, leaves[index].ToHex(true), index, leaves.Count,
            AuditMerkle.Path(leaves, index), anchor, deployment.ChainId));
    }

    public async Task<IReadOnlyList<AuditAnchorCheck>> CheckAsync()
    {
        await SyncAsync();
        var store = stores.For(Provider);
        var checks = new List<AuditAnchorCheck>();
        foreach (var anchor in state.State.Anchors)
        {
            var onChain = await AnchorOnChainAsync(anchor.Index);
            var entries = await store.AuditBySeqAsync(anchor.FirstSeq, anchor.LastSeq, RelationalProviderStore.MaxAuditLimit, CancellationToken.None);
            var storeRoot = entries.Count == 0 ? "" : AuditMerkle.Root(entries.Select(AuditMerkle.Leaf).ToList()).ToHex(true);
            checks.Add(new AuditAnchorCheck(anchor.Index, anchor.FirstSeq, anchor.LastSeq, onChain.Root.ToHex(true), (long)onChain.EntryCount, storeRoot, entries.Count));
        }

        return checks;
    }

    private AuditAnchorInfo? Covering(long seq) => state.State.Anchors.FirstOrDefault(a => a.FirstSeq <= seq && seq <= a.LastSeq);

    /// <summary>Brings the state in line with the contract's head for this provider and returns that head.</summary>
    private async Task<HeadOfOutput> SyncAsync()
    {
        var head = await Web3.Eth.GetContractQueryHandler<HeadOfFunction>()
            .QueryDeserializingToObjectAsync<HeadOfOutput>(new HeadOfFunction { Provider = Provider }, Contract);
        var anchors = state.State.Anchors;
        var changed = false;
        if ((ulong)anchors.Count > head.AnchorCount)
        {
            // A reorg removed anchors this grain saw mined; the next anchor covers their entries again.
            anchors.RemoveRange((int)head.AnchorCount, anchors.Count - (int)head.AnchorCount);
            changed = true;
        }

        for (var index = (ulong)anchors.Count; index < head.AnchorCount; index++)
        {
            var onChain = await AnchorOnChainAsync(index);
            anchors.Add(new AuditAnchorInfo(Provider, index, (long)onChain.FirstSeq, (long)onChain.LastSeq, (long)onChain.EntryCount,
                onChain.Root.ToHex(true), await TransactionOfAsync(index, onChain.BlockNumber), onChain.BlockNumber, Contract));
            changed = true;
        }

        if (changed) await state.WriteStateAsync();
        return head;
    }

    private Task<AnchorOfOutput> AnchorOnChainAsync(ulong index) =>
        Web3.Eth.GetContractQueryHandler<AnchorOfFunction>()
            .QueryDeserializingToObjectAsync<AnchorOfOutput>(new AnchorOfFunction { Provider = Provider, Index = index }, Contract);

    private async Task<string> TransactionOfAsync(ulong index, ulong block)
    {
        var handler = Web3.Eth.GetEvent<AuditAnchoredEvent>(Contract);
        var filter = handler.CreateFilterInput<string, ulong>(Provider, index, new BlockParameter(block), new BlockParameter(block));
        var logs = await handler.GetAllChangesAsync(filter);
        return logs.FirstOrDefault()?.Log.TransactionHash ?? "";
    }

    private async Task<TransactionReceipt> ReceiptAsync(string hash)
    {
        var deadline = DateTime.UtcNow + options.Value.ReceiptTimeout;
        while (true)
        {
            var receipt = await Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash);
            if (receipt is not null) return receipt;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"The audit anchor transaction {hash} of {Provider} was not mined within {options.Value.ReceiptTimeout}.");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Audit anchor {Index} of {Provider}: entries {FirstSeq}..{LastSeq} ({EntryCount}) in {TransactionHash}")]
    private static partial void LogAnchored(ILogger logger, string provider, ulong index, long firstSeq, long lastSeq, int entryCount, string transactionHash);
}
