using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Mirror;
using MedRec.Grains.Signing;
using Microsoft.Extensions.Options;

namespace MedRec.Grains.Receipts;

/// <summary>
/// Builds and signs a gatekeeper's decision receipts (docs/adr/0009-decision-receipts.md) with its provider's key from
/// the <see cref="IReceiptKeySource"/>. No key, no receipt: an answer is never signed with another key. Thread-safe.
/// </summary>
public sealed class DecisionReceiptIssuer(IReceiptKeySource keys, AccessRequestDomain domain, IOptions<DecisionReceiptOptions> options)
{
    private readonly DecisionReceiptHasher _hasher = new(domain);
    /// <summary>Whether answers are signed ("MedRec:Gatekeeper:Receipts"). Set only at start, or by a benchmark
    /// comparing the read path with and without receipts.</summary>
    public bool Enabled { get; set; } = options.Value.Receipts;

    /// <summary>The signed receipt of a decision on <paramref name="relationship"/>, or null when receipts are off or
    /// the provider has no key in the source.</summary>
    public async ValueTask<DecisionReceipt?> IssueAsync(
        string provider, AccessRequest request, string requestHash, RelationshipView relationship, ProviderOutcome outcome,
        string? reason, IReadOnlyList<PointerAnswer> answers, DateTimeOffset now)
    {
        if (!Enabled) return null;
        var signer = await keys.FindAsync(provider, CancellationToken.None);
        if (signer is null) return null;

        var pointers = new ReceiptPointer[answers.Count];
        for (var i = 0; i < answers.Count; i++)
        {
            var answer = answers[i];
            pointers[i] = new ReceiptPointer(answer.PointerId, answer.Version, answer.ChainDataHash,
                answer.ComputedDataHash ?? AccessRequest.ZeroPointer, VerdictOf(answer.Verdict));
        }

        var unsigned = new DecisionReceipt(requestHash, request.Asker, request.Patient, provider, request.PointerId,
            request.Purpose.ToWire(), OutcomeOf(outcome), reason ?? "", pointers,
            relationship.AsOf?.Number ?? 0, relationship.AsOf?.Hash ?? DecisionReceipt.NoBlockHash,
            (ulong)Math.Max(0, now.ToUnixTimeSeconds()), domain.ChainId, domain.VerifyingContract.ToLowerInvariant(), "");
        Span<byte> signature = stackalloc byte[SignatureRecovery.SignatureLength];
        signer.Sign(_hasher.Hash(unsigned), signature);
        return unsigned with { Signature = "0x" + Convert.ToHexStringLower(signature) };
    }

    public static string OutcomeOf(ProviderOutcome outcome) => outcome switch
    {
        ProviderOutcome.Ok => "ok",
        ProviderOutcome.Denied => "denied",
        ProviderOutcome.IntegrityFailed => "integrity-failed",
        ProviderOutcome.TimedOut => "timed-out",
        ProviderOutcome.Unavailable => "unavailable",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };

    public static string VerdictOf(IntegrityVerdict verdict) => verdict switch
    {
        IntegrityVerdict.Verified => "verified",
        IntegrityVerdict.DataHashMismatch => "data-hash-mismatch",
        IntegrityVerdict.QueryMismatch => "query-mismatch",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict)),
    };
}
