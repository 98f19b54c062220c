namespace MedRec.Grains.Abstractions.Mirror;

/// <summary>The mirror of one provider (keyed by lowercase address): registration, endpoint, its patients.</summary>
[Alias("medrec.provider-grain")]
public interface IProviderGrain : IMirrorGrain
{
    Task<ProviderView> GetAsync();
}
