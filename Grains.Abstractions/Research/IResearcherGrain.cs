using MedRec.Grains.Abstractions.Mirror;

namespace MedRec.Grains.Abstractions.Research;

/// <summary>The mirror of one researcher, fed by the <c>medrec.v1.researcher.registered</c> stream.</summary>
[Alias("medrec.researcher-grain")]
public interface IResearcherGrain : IMirrorGrain
{
    Task<ResearcherView> GetAsync();
}
