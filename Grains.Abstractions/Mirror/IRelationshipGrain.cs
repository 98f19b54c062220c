namespace MedRec.Grains.Abstractions.Mirror;

/// <summary>The mirror of one patient-provider relationship (keyed "patient:provider"): status, pointers, grants.</summary>
[Alias("medrec.relationship-grain")]
public interface IRelationshipGrain : IMirrorGrain
{
    Task<RelationshipView> GetAsync();
}
