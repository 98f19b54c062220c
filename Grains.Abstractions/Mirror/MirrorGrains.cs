using MedRec.Grains.Abstractions.Chain;

namespace MedRec.Grains.Abstractions.Mirror;

public static class MirrorGrains
{
    /// <summary>The mirror grain that consumes a stream, or null when no mirror grain does (yet).</summary>
    public static IMirrorGrain? For(IGrainFactory grains, string streamNamespace, string key) => streamNamespace switch
    {
        _ when streamNamespace.StartsWith("medrec.v1.patient.", StringComparison.Ordinal) => grains.GetGrain<IPatientGrain>(key),
        _ when streamNamespace.StartsWith("medrec.v1.provider.", StringComparison.Ordinal) => grains.GetGrain<IProviderGrain>(key),
        _ when streamNamespace.StartsWith("medrec.v1.relationship.", StringComparison.Ordinal) => grains.GetGrain<IRelationshipGrain>(key),
        _ when streamNamespace.StartsWith("medrec.v1.researcher.", StringComparison.Ordinal) => grains.GetGrain<Research.IResearcherGrain>(key),
        _ when streamNamespace.StartsWith("medrec.v1.research.", StringComparison.Ordinal) => grains.GetGrain<Research.IResearchCohortGrain>(key),
        _ when streamNamespace.StartsWith("medrec.v1.emergency-access.", StringComparison.Ordinal) => grains.GetGrain<IEmergencyAccessGrain>(key),
        _ => null,
    };

    public static IRelationshipGrain Relationship(this IGrainFactory grains, string patient, string provider) =>
        grains.GetGrain<IRelationshipGrain>(ChainStreams.RelationshipKey(patient, provider));
}
