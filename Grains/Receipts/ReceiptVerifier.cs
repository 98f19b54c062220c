using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Indexing;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Chain;
using MedRec.Grains.Access;

namespace MedRec.Grains.Receipts;

/// <summary>
/// Checks a decision receipt against the chain alone (what `medrec verify-receipt` runs) (docs/adr/0009-decision-receipts.md), no silo needed: the domain
/// is this deployment's, the signature recovers to the provider, the block is still canonical, and, from the contracts'
/// logs up to that block, the provider was registered, each pointer had the version and data hash the receipt names,
/// the verdicts and outcome agree with the hashes, and the asker's access at that block was what the outcome says.
/// </summary>
public sealed class ReceiptVerifier(IChainLogSource chain, ContractAddresses contracts, ulong fromBlock)
{
    private const ulong LogsPerRequest = 2_000;

    /// <summary>How close to a receipt's issue time an emergency window's closing may lie and still not count against it.</summary>
    public const ulong CloseToleranceSeconds = 2;

    public async Task<ReceiptReport> VerifyAsync(DecisionReceipt receipt, long chainId, CancellationToken ct)
    {
        var failures = new List<string>();
        var passed = new List<string>();

        if (receipt.ChainId != (ulong)chainId || !string.Equals(receipt.VerifyingContract, contracts.Relationships, StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"the receipt is for chain {receipt.ChainId} and contract {receipt.VerifyingContract}, not this deployment (chain {chainId}, {contracts.Relationships.ToLowerInvariant()})");
            return new ReceiptReport(passed, failures, Reorged: false);
        }

        if (!DecisionReceiptSignature.TryRecover(receipt, out var signer, out var signatureError))
        {
            failures.Add($"the signature is invalid: {signatureError}");
            return new ReceiptReport(passed, failures, Reorged: false);
        }

        if (signer != receipt.Provider.ToLowerInvariant())
        {
            failures.Add($"the signature recovers to {signer}, not the provider {receipt.Provider.ToLowerInvariant()}: the receipt was changed or signed by another key");
            return new ReceiptReport(passed, failures, Reorged: false);
        }

        passed.Add($"signed by the provider {signer}");

        var noBlock = receipt.BlockNumber == 0 && receipt.BlockHash == DecisionReceipt.NoBlockHash;
        var head = await chain.GetHeadAsync(ct);
        if (!noBlock)
        {
            if (receipt.BlockNumber > head)
            {
                failures.Add($"reorged: block {receipt.BlockNumber} is not on the chain (head {head})");
                return new ReceiptReport(passed, failures, Reorged: true);
            }

            var canonical = await chain.GetBlockHashAsync(receipt.BlockNumber, ct);
            if (canonical != receipt.BlockHash.ToLowerInvariant())
            {
                failures.Add($"reorged: block {receipt.BlockNumber} is now {canonical}");
                return new ReceiptReport(passed, failures, Reorged: true);
            }

            passed.Add($"block {receipt.BlockNumber} {receipt.BlockHash.ToLowerInvariant()} is canonical (head {head})");
        }

        // State at the block (or, for a decision on a relationship without events, at the head: it claims there were none).
        var at = noBlock ? head : receipt.BlockNumber;
        var state = await FoldAsync(receipt.Patient.ToLowerInvariant(), receipt.Provider.ToLowerInvariant(), at, ct);
        if (!noBlock && await chain.GetBlockHashAsync(receipt.BlockNumber, ct) != receipt.BlockHash.ToLowerInvariant())
        {
            failures.Add($"reorged: block {receipt.BlockNumber} changed while its logs were read");
            return new ReceiptReport(passed, failures, Reorged: true);
        }

        if (noBlock && state.RelationshipEvents > 0)
        {
            failures.Add($"the receipt names no block (the mirror held no event of this relationship), but the chain has {state.RelationshipEvents} up to block {at}");
        }

        if (state.ProviderRegistered && !state.ProviderRevoked) passed.Add($"the provider was registered at block {at}");
        else failures.Add(state.ProviderRegistered ? $"the provider was revoked at block {at}" : $"the provider was not registered at block {at}");

        // A break-the-glass answer (ADR 0011) rests on an emergency window, not on the relationship: it must have been open
        // for the asker when the receipt was issued (the window's events may lie after the relationship's block).
        var emergency = false;
        var declared = Purposes.TryParse(receipt.Purpose, out var purpose);
        if (declared) passed.Add($"the request declared the purpose '{receipt.Purpose}'");
        else failures.Add($"the receipt names no known purpose ('{receipt.Purpose}'; docs/adr/0012-purpose-of-use.md)");
        if (receipt.Reason == AccessDecision.BreakTheGlass && declared && purpose != Purpose.Emergency)
        {
            failures.Add($"a break-the-glass receipt for the purpose '{receipt.Purpose}': the glass is broken for emergency requests only");
        }
        else if (receipt.Reason == AccessDecision.BreakTheGlass)
        {
            var (window, seen) = await EmergencyWindowAsync(receipt.Patient.ToLowerInvariant(), receipt.Asker.ToLowerInvariant(), receipt.IssuedAt, head, ct);
            if (window is { } open)
            {
                emergency = true;
                passed.Add($"the asker held an emergency window opened at {open.OpenedAt}, open until {open.Until}, at {receipt.IssuedAt}");
            }
            else
            {
                failures.Add(string.IsNullOrEmpty(contracts.EmergencyAccess)
                    ? "a break-the-glass receipt, but this deployment names no EmergencyAccess contract (give the deployment file)"
                    : $"a break-the-glass receipt, but the asker held no open emergency window for the patient at {receipt.IssuedAt} (windows on chain: {(seen.Count == 0 ? "none" : string.Join(", ", seen))})");
            }
        }

        if (declared) CheckClaims(receipt, purpose, state, at, emergency, passed, failures);
        return new ReceiptReport(passed, failures, Reorged: false);
    }

    /// <summary>The asker's emergency window for the patient open at <paramref name="issuedAt"/> (unix seconds): the
    /// last opening on chain, not closed before that time, expiring after it; and the windows' events seen, for the message.</summary>
    private async Task<((ulong OpenedAt, ulong Until)? Window, IReadOnlyList<string> Seen)> EmergencyWindowAsync(
        string patient, string asker, ulong issuedAt, ulong head, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(contracts.EmergencyAccess)) return (null, []);
        (ulong OpenedAt, ulong Until)? window = null;
        var seen = new List<string>();
        await ForEachEventAsync([contracts.EmergencyAccess], head, chainEvent =>
        {
            switch (chainEvent)
            {
                // The opening's own time is not compared with the issue time: a dev chain's block times run ahead of
                // the gatekeeper's clock when it mines several blocks a second. The gatekeeper signs only what its
                // mirror held, so the opening came first; what is checked is that it lasted past the issue time.
                case EmergencyAccessOpened e when e.Patient == patient && e.Provider == asker:
                    window = (e.OpenedAt, e.ExpiresAt);
                    seen.Add($"opened {e.OpenedAt}..{e.ExpiresAt}");
                    break;
                // Block times and the gatekeeper's clock are whole seconds from two clocks: a close within
                // CloseTolerance of the issue time cannot be ordered against the decision and does not count.
                case EmergencyAccessClosed e when e.Patient == patient && e.Provider == asker:
                    seen.Add($"closed {e.ClosedAt}");
                    if (e.ClosedAt + CloseToleranceSeconds < issuedAt) window = null;
                    break;
            }
        }, ct);

        return (window is { } found && issuedAt < found.Until ? found : null, seen);
    }

    private static void CheckClaims(
        DecisionReceipt receipt, Purpose purpose, ChainState state, ulong at, bool emergency, List<string> passed, List<string> failures)
    {
        var asker = receipt.Asker.ToLowerInvariant();
        var owner = emergency || asker == receipt.Patient.ToLowerInvariant() || asker == receipt.Provider.ToLowerInvariant();
        var requested = receipt.RequestedPointer.ToLowerInvariant();
        var everyPointer = requested == AccessRequest.ZeroPointer;
        // As the gatekeeper decides (AccessDecision): a grant lets the asker see a pointer while unexpired and only for the
        // purposes it covers (a grant event without purposes predates them and covers all six, as in the mirror).
        bool Unexpired(string pointer) => state.Grants.TryGetValue((pointer, asker), out var expiry) && receipt.IssuedAt < expiry;
        bool Covers(string pointer) => state.GrantPurposes.GetValueOrDefault((pointer, asker)).Covers(purpose);
        bool Sees(string pointer) => owner || (Unexpired(pointer) && Covers(pointer));

        foreach (var pointer in receipt.Pointers)
        {
            var id = pointer.PointerId.ToLowerInvariant();
            if (!state.Pointers.TryGetValue(id, out var onChain))
            {
                failures.Add($"pointer {id} did not exist at block {at}");
                continue;
            }

            if (onChain.Version != pointer.Version || onChain.DataHash != pointer.DataHash.ToLowerInvariant())
            {
                failures.Add($"pointer {id} at block {at} was version {onChain.Version} with data hash {onChain.DataHash}, not version {pointer.Version} with {pointer.DataHash.ToLowerInvariant()}");
                continue;
            }

            var computedMatches = pointer.ComputedHash.ToLowerInvariant() == onChain.DataHash;
            var verdictHolds = pointer.Verdict switch
            {
                "verified" => computedMatches,
                "data-hash-mismatch" => !computedMatches && pointer.ComputedHash != AccessRequest.ZeroPointer,
                "query-mismatch" => true,
                _ => false,
            };
            if (!verdictHolds) failures.Add($"pointer {id}: the verdict '{pointer.Verdict}' does not agree with the computed hash {pointer.ComputedHash.ToLowerInvariant()}");
            else passed.Add($"pointer {id}: version {pointer.Version}, data hash {onChain.DataHash} at block {at}, {pointer.Verdict}");

            if (!Sees(id))
            {
                failures.Add(Unexpired(id)
                    ? $"the asker {asker}'s grant of pointer {id} at block {at} did not cover the purpose '{receipt.Purpose}'"
                    : $"the asker {asker} held no unexpired grant of pointer {id} at block {at} (at {receipt.IssuedAt})");
            }
        }

        var answered = receipt.Pointers.Select(p => p.PointerId.ToLowerInvariant()).ToHashSet();
        switch (receipt.Outcome)
        {
            case "ok" or "integrity-failed":
            {
                var anyFailed = receipt.Pointers.Any(p => p.Verdict != "verified");
                if (receipt.Pointers.Count == 0) failures.Add($"the outcome '{receipt.Outcome}' answers no pointer");
                if (receipt.Outcome == "ok" && (anyFailed || (receipt.Reason != "" && !(emergency && receipt.Reason == AccessDecision.BreakTheGlass))))
                {
                    failures.Add("the outcome 'ok' has a failed verdict or a reason");
                }

                if (receipt.Outcome == "integrity-failed" && !anyFailed) failures.Add("the outcome 'integrity-failed' has no failed verdict");
                var visible = everyPointer ? state.Pointers.Keys.Where(Sees).ToHashSet() : [requested];
                if (!visible.SetEquals(answered))
                {
                    failures.Add($"the answer covers {answered.Count} pointer(s), but the asker could see {visible.Count} of the requested at block {at}");
                }
                else if (receipt.Pointers.Count > 0)
                {
                    passed.Add(emergency ? "the emergency window let the asker see every pointer"
                        : owner ? $"the asker is the {(asker == receipt.Patient.ToLowerInvariant() ? "patient" : "provider")}: every pointer visible"
                        : $"the asker held an unexpired grant covering '{receipt.Purpose}' of every answered pointer at block {at}");
                }

                break;
            }

            case "denied":
            {
                if (receipt.Pointers.Count > 0) failures.Add("a denial answers pointers");
                var candidates = everyPointer ? state.Pointers.Keys.ToList() : state.Pointers.ContainsKey(requested) ? [requested] : [];
                var holds = receipt.Reason switch
                {
                    AccessDenials.PointerUnknown => candidates.Count == 0,
                    AccessDenials.NoGrant => candidates.Count > 0 && !owner && candidates.All(p => !state.Grants.ContainsKey((p, asker))),
                    AccessDenials.GrantExpired => candidates.Count > 0 && !owner && candidates.Any(p => state.Grants.ContainsKey((p, asker)))
                        && !candidates.Any(Unexpired),
                    AccessDenials.PurposeNotGranted => candidates.Count > 0 && !owner && candidates.Any(Unexpired) && !candidates.Any(Sees),
                    _ => false,
                };
                if (holds) passed.Add($"denied ({receipt.Reason}): holds at block {at}");
                else failures.Add($"the denial '{receipt.Reason}' does not hold at block {at}");
                break;
            }

            default:
                failures.Add($"unknown outcome '{receipt.Outcome}'");
                break;
        }
    }

    private async Task<ChainState> FoldAsync(string patient, string provider, ulong toBlock, CancellationToken ct)
    {
        var state = new ChainState();
        await ForEachEventAsync(null, toBlock, chainEvent =>
        {
            switch (chainEvent)
            {
                case ProviderRegistered e when e.Provider == provider: state.ProviderRegistered = true; break;
                case ProviderRevoked e when e.Provider == provider: state.ProviderRevoked = true; break;
                case PointerPublished e when e.Patient == patient && e.Provider == provider:
                    state.Pointers[e.PointerId] = (e.Version, e.DataHash);
                    state.RelationshipEvents++;
                    break;
                case AccessGranted e when e.Patient == patient && e.Provider == provider:
                    state.Grants[(e.PointerId, e.Viewer)] = e.ExpiresAt;
                    state.GrantPurposes[(e.PointerId, e.Viewer)] = e.Covers;
                    state.RelationshipEvents++;
                    break;
                case AccessRevoked e when e.Patient == patient && e.Provider == provider:
                    state.Grants.Remove((e.PointerId, e.Viewer));
                    state.GrantPurposes.Remove((e.PointerId, e.Viewer));
                    state.RelationshipEvents++;
                    break;
                case RelationshipStatusChanged e when e.Patient == patient && e.Provider == provider:
                    state.RelationshipEvents++;
                    break;
            }
        }, ct);

        return state;
    }

    /// <summary>Every decodable event of <paramref name="addresses"/> (all the deployment's contracts when null) from the
    /// deployment block to <paramref name="toBlock"/>, in chain order, read in pages.</summary>
    private async Task ForEachEventAsync(IReadOnlyList<string>? addresses, ulong toBlock, Action<ChainEvent> visit, CancellationToken ct)
    {
        var decoder = new ChainLogDecoder(contracts);
        for (var from = fromBlock; from <= toBlock; from += LogsPerRequest)
        {
            var to = Math.Min(toBlock, from + LogsPerRequest - 1);
            foreach (var log in await chain.GetLogsAsync(from, to, addresses ?? decoder.Addresses, ct))
            {
                if (!log.Removed && decoder.Decode(log).Event is { } chainEvent) visit(chainEvent);
            }

            if (to == toBlock) break;
        }
    }

    private sealed class ChainState
    {
        public bool ProviderRegistered { get; set; }
        public bool ProviderRevoked { get; set; }
        public int RelationshipEvents { get; set; }
        public Dictionary<string, (ulong Version, string DataHash)> Pointers { get; } = new(StringComparer.Ordinal);
        public Dictionary<(string PointerId, string Viewer), ulong> Grants { get; } = new();

        /// <summary>The purposes of each grant in <see cref="Grants"/> at the block (docs/adr/0012-purpose-of-use.md).</summary>
        public Dictionary<(string PointerId, string Viewer), PurposeSet> GrantPurposes { get; } = new();
    }
}

/// <summary>What held and what did not; <see cref="Reorged"/> when the receipt's block is no longer canonical.</summary>
public sealed record ReceiptReport(IReadOnlyList<string> Passed, IReadOnlyList<string> Failures, bool Reorged)
{
    public bool Verified => Failures.Count == 0;
}
