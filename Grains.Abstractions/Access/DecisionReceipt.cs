namespace MedRec.Grains.Abstractions.Access;

/// <summary>
/// What a provider's gatekeeper signs about one answer (docs/adr/0009-decision-receipts.md): the request it answered
/// (its EIP-712 digest, asker, patient, provider, requested pointer), the request's declared purpose (its wire name,
/// docs/adr/0012-purpose-of-use.md), the outcome and reason, per pointer
/// answered the version, the on-chain data hash, the hash of what the store returned and the verdict, and the chain
/// block whose mirrored state the decision used. Signed by the provider's key as EIP-712 typed data (primary type
/// <c>DecisionReceipt</c>) in MedRec's domain (<see cref="ChainId"/>, <see cref="VerifyingContract"/>).
/// Addresses lowercase 0x-hex, 32-byte values 0x-hex; <see cref="Signature"/> is r ‖ s ‖ v (v = 27/28).
/// </summary>
[GenerateSerializer, Immutable, Alias("medrec.decision-receipt")]
public sealed record DecisionReceipt(
    [property: Id(0)] string RequestHash,
    [property: Id(1)] string Asker,
    [property: Id(2)] string Patient,
    [property: Id(3)] string Provider,
    [property: Id(4)] string RequestedPointer,
    [property: Id(5)] string Purpose,
    [property: Id(6)] string Outcome,
    [property: Id(7)] string Reason,
    [property: Id(8)] IReadOnlyList<ReceiptPointer> Pointers,
    [property: Id(9)] ulong BlockNumber,
    [property: Id(10)] string BlockHash,
    [property: Id(11)] ulong IssuedAt,
    [property: Id(12)] ulong ChainId,
    [property: Id(13)] string VerifyingContract,
    [property: Id(14)] string Signature)
{
    /// <summary>The block number and hash of a decision on a relationship the mirror holds no event of.</summary>
    public const string NoBlockHash = AccessRequest.ZeroPointer;
}

/// <summary>One pointer of a receipt: what the answer was checked against and what came of it. <see cref="ComputedHash"/>
/// is the hash of what the store returned (all zeros when the stored query did not match the commitment).
/// <see cref="Verdict"/> is "verified", "data-hash-mismatch" or "query-mismatch".</summary>
[GenerateSerializer, Immutable, Alias("medrec.receipt-pointer")]
public sealed record ReceiptPointer(
    [property: Id(0)] string PointerId,
    [property: Id(1)] ulong Version,
    [property: Id(2)] string DataHash,
    [property: Id(3)] string ComputedHash,
    [property: Id(4)] string Verdict);
