namespace MedRec.Grains.Abstractions.Mirror;

/// <summary>The mirror of one patient-provider relationship (keyed "patient:provider"): status, pointers, grants.</summary>
[Alias("medrec.relationship-grain")]
public interface IRelationshipGrain : IMirrorGrain
{
    Task<RelationshipView> GetAsync();

    /// <summary>The relationship as of block <paramref name="block"/>, folded from the events the mirror keeps (the
    /// time-travel access view).</summary>
    Task<RelationshipView> GetAtAsync(ulong block);
}
