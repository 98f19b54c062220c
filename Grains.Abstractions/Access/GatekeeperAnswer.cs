namespace MedRec.Grains.Abstractions.Access;

/// <summary>One provider's answer: the outcome, a stable reason code when not <see cref="ProviderOutcome.Ok"/>, and
/// the pointers it answered; <see cref="Receipt"/> is the provider's signed decision receipt (ADR 0009) when the
/// decision was taken on the mirror and the provider has a signing key, else null.</summary>
[GenerateSerializer, Immutable, Alias("medrec.gatekeeper-answer")]
public sealed record GatekeeperAnswer(
    [property: Id(0)] string Provider,
    [property: Id(1)] ProviderOutcome Outcome,
    [property: Id(2)] string? Reason,
    [property: Id(3)] IReadOnlyList<PointerAnswer> Pointers,
    [property: Id(4)] DecisionReceipt? Receipt = null)
{
    public static GatekeeperAnswer Refused(string provider, ProviderOutcome outcome, string reason) =>
        new(provider, outcome, reason, []);
}
