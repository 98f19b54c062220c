namespace MedRec.Grains.Abstractions.Access;

/// <summary>A provider's own, off-chain record of why it broke the glass: the justification text and the salt whose
/// keccak256(salt ‖ text) is the commitment on chain (docs/adr/0011-break-the-glass.md). Kept in the provider's store
/// (table emergency_justifications) and never leaves the provider's trust domain; revealing text and salt later proves
/// what was claimed when the window was opened. <see cref="TransactionHash"/> is null until the opening is sent, then
/// the transaction's hash, or "refused: ErrorName" when the contract refused it.</summary>
[GenerateSerializer, Immutable, Alias("medrec.emergency-justification")]
public sealed record EmergencyJustification(
    [property: Id(0)] string Patient,
    [property: Id(1)] string JustificationCommitment,
    [property: Id(2)] string Salt,
    [property: Id(3)] string Justification,
    [property: Id(4)] ulong DurationSeconds,
    [property: Id(5)] DateTimeOffset RecordedAt,
    [property: Id(6)] string? TransactionHash = null)
{
    /// <summary>The prefix of <see cref="TransactionHash"/> when the contract refused the opening.</summary>
    public const string RefusedPrefix = "refused: ";
}
