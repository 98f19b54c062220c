using MedRec.Grains.Abstractions.Access;

namespace MedRec.Grains.Abstractions.Research;

/// <summary>A gatekeeper's answer to a research query: its cells, or why it refused (<see cref="Reason"/>, a stable
/// code). Never leaves the cluster: the research grain merges it and releases only k-anonymous cells.</summary>
[GenerateSerializer, Immutable, Alias("medrec.research-share")]
public sealed record ResearchShare(
    [property: Id(0)] string Provider,
    [property: Id(1)] ProviderOutcome Outcome,
    [property: Id(2)] string? Reason,
    [property: Id(3)] IReadOnlyList<ResearchCellShare> Cells)
{
    public static ResearchShare Refused(string provider, ProviderOutcome outcome, string reason) => new(provider, outcome, reason, []);
}
