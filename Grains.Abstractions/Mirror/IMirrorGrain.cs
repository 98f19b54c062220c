namespace MedRec.Grains.Abstractions.Mirror;

/// <summary>What every mirror grain answers about the chain events it applied.</summary>
[Alias("medrec.mirror-grain")]
public interface IMirrorGrain : IGrainWithStringKey
{
    /// <summary>Whether the event with this key (block hash:log index) is currently applied. Applied events are
    /// written to grain storage before this answers, so a true answer survives a silo crash.</summary>
    Task<bool> IsAppliedAsync(string eventKey);

    Task<MirrorCounters> GetCountersAsync();
}
