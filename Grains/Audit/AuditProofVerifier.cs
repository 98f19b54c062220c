using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Contracts.AuditAnchors;
using MedRec.Grains.Abstractions.Audit;
using Nethereum.Contracts;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Web3;

namespace MedRec.Grains.Audit;

/// <summary>One check of an audit proof and what it found.</summary>
public sealed record AuditProofCheck(string Name, bool Passed, string Detail);

/// <summary>
/// Checks an <see cref="AuditProof"/> against the chain alone (docs/adr/0010-audit-anchors.md): the leaf recomputed
/// from the entry, the entry's seq inside the anchor's range, the path folded to a root, and that root equal to the one
/// the AuditAnchors contract holds for the provider's anchor (storage, not the proof's own claim), with the same range
/// and count; the anchoring transaction's log is checked when the proof names one.
/// </summary>
public static class AuditProofVerifier
{
    public static async Task<IReadOnlyList<AuditProofCheck>> VerifyAsync(AuditProof proof, IWeb3 web3, string contract, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(proof);
        ArgumentNullException.ThrowIfNull(web3);
        var checks = new List<AuditProofCheck>();
        var anchor = proof.Anchor;

        var leaf = AuditMerkle.Leaf(proof.Entry).ToHex(true);
        checks.Add(new AuditProofCheck("leaf", string.Equals(leaf, proof.Leaf, StringComparison.OrdinalIgnoreCase),
            leaf == proof.Leaf ? $"the entry hashes to its leaf {leaf}" : $"the entry hashes to {leaf}, the proof says {proof.Leaf}"));

        var inRange = anchor.FirstSeq <= proof.Entry.Seq && proof.Entry.Seq <= anchor.LastSeq;
        checks.Add(new AuditProofCheck("range", inRange, $"seq {proof.Entry.Seq} {(inRange ? "lies" : "does not lie")} in anchor {anchor.Index}'s range {anchor.FirstSeq}..{anchor.LastSeq}"));

        var provider = proof.Entry.Entry.Provider;
        var sameProvider = string.Equals(provider, anchor.Provider, StringComparison.OrdinalIgnoreCase);
        checks.Add(new AuditProofCheck("provider", sameProvider, sameProvider ? $"entry and anchor are {anchor.Provider}'s" : $"the entry names {provider}, the anchor {anchor.Provider}"));

        var folded = AuditMerkle.Fold(leaf.HexToByteArray(), proof.Path).ToHex(true);
        AnchorOfOutput onChain;
        try
        {
            onChain = await web3.Eth.GetContractQueryHandler<AnchorOfFunction>()
                .QueryDeserializingToObjectAsync<AnchorOfOutput>(new AnchorOfFunction { Provider = anchor.Provider, Index = anchor.Index }, contract);
        }
        catch (Exception error) when (ContractErrorDecoder.TryDecode(error) is { } revert)
        {
            checks.Add(new AuditProofCheck("anchor", false, $"the AuditAnchors contract at {contract} has no anchor {anchor.Index} of {anchor.Provider} ({revert.ErrorName})"));
            return checks;
        }

        var chainRoot = onChain.Root.ToHex(true);
        checks.Add(new AuditProofCheck("root", folded == chainRoot,
            folded == chainRoot
                ? $"the path folds to {folded}, the root anchored on chain"
                : $"the path folds to {folded}, but the chain anchored {chainRoot}: the audit log was changed after it was anchored"));
        var sameRange = (long)onChain.FirstSeq == anchor.FirstSeq && (long)onChain.LastSeq == anchor.LastSeq && (long)onChain.EntryCount == anchor.EntryCount
            && proof.LeafCount == anchor.EntryCount;
        checks.Add(new AuditProofCheck("anchor", sameRange,
            $"on chain: seq {onChain.FirstSeq}..{onChain.LastSeq}, {onChain.EntryCount} entries, block {onChain.BlockNumber}; the proof: {anchor.FirstSeq}..{anchor.LastSeq}, {anchor.EntryCount} entries, {proof.LeafCount} leaves"));

        if (anchor.TransactionHash is { Length: > 0 } hash)
        {
            var receipt = await web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash);
            var logged = receipt?.DecodeAllEvents<AuditAnchoredEvent>()
                .Select(e => e.Event)
                .Any(e => e.Provider.Equals(anchor.Provider, StringComparison.OrdinalIgnoreCase) && e.Index == anchor.Index && e.Root.ToHex(true) == chainRoot) ?? false;
            checks.Add(new AuditProofCheck("transaction", logged,
                logged ? $"transaction {hash} (block {receipt!.BlockNumber.Value}) logged this anchor" : $"transaction {hash} logged no such anchor"));
        }

        return checks;
    }
}
