namespace MedRec.Grains.Abstractions.Chain;

/// <summary>
/// The chain-event stream contract: one namespace per event kind and per entity it is about, keyed by that entity
/// (a lowercase address, or "patient:provider" for a relationship). Version 1.
/// </summary>
public static class ChainStreams
{
    public const string ProviderName = "chain";

    /// <summary>Stream namespaces, one per event kind and entity kind.</summary>
    public static class Namespaces
    {
        public const string PatientRegistered = "medrec.v1.patient.registered";
        public const string PatientResearchConsentChanged = "medrec.v1.patient.research-consent-changed";
        public const string PatientRelationshipStatusChanged = "medrec.v1.patient.relationship-status-changed";

        public const string ProviderRegistered = "medrec.v1.provider.registered";
        public const string ProviderEndpointChanged = "medrec.v1.provider.endpoint-changed";
        public const string ProviderRevoked = "medrec.v1.provider.revoked";
        public const string ProviderRelationshipStatusChanged = "medrec.v1.provider.relationship-status-changed";

        public const string RelationshipStatusChanged = "medrec.v1.relationship.status-changed";
        public const string RelationshipPointerPublished = "medrec.v1.relationship.pointer-published";
        public const string RelationshipAccessGranted = "medrec.v1.relationship.access-granted";
        public const string RelationshipAccessRevoked = "medrec.v1.relationship.access-revoked";

        public const string CertifierAdded = "medrec.v1.certifier.added";
        public const string ResearcherRegistered = "medrec.v1.researcher.registered";

        /// <summary>Research consent again, keyed by cohort shard (the first hex digit of the patient's address), so
        /// a few cohort grains hold the opted-in set the gatekeepers count over (docs/adr/0008-research-aggregates.md).</summary>
        public const string ResearchConsentChanged = "medrec.v1.research.consent-changed";

        /// <summary>Break-the-glass windows, keyed by patient (docs/adr/0011-break-the-glass.md).</summary>
        public const string EmergencyAccessOpened = "medrec.v1.emergency-access.opened";
        public const string EmergencyAccessClosed = "medrec.v1.emergency-access.closed";
    }

    public static string RelationshipKey(string patient, string provider) =>
        $"{patient.ToLowerInvariant()}:{provider.ToLowerInvariant()}";

    /// <summary>Every (namespace, key) an event is published to.</summary>
    public static IEnumerable<(string Namespace, string Key)> Targets(ChainEvent chainEvent) => chainEvent switch
    {
        PatientRegistered e => [(Namespaces.PatientRegistered, e.Patient)],
        ResearchConsentChanged e =>
        [
            (Namespaces.PatientResearchConsentChanged, e.Patient),
            (Namespaces.ResearchConsentChanged, Research.ResearchCohort.ShardOf(e.Patient)),
        ],
        RelationshipStatusChanged e =>
        [
            (Namespaces.PatientRelationshipStatusChanged, e.Patient),
            (Namespaces.ProviderRelationshipStatusChanged, e.Provider),
            (Namespaces.RelationshipStatusChanged, RelationshipKey(e.Patient, e.Provider)),
        ],
        ProviderRegistered e => [(Namespaces.ProviderRegistered, e.Provider)],
        ProviderEndpointChanged e => [(Namespaces.ProviderEndpointChanged, e.Provider)],
        ProviderRevoked e => [(Namespaces.ProviderRevoked, e.Provider)],
        PointerPublished e => [(Namespaces.RelationshipPointerPublished, RelationshipKey(e.Patient, e.Provider))],
        AccessGranted e => [(Namespaces.RelationshipAccessGranted, RelationshipKey(e.Patient, e.Provider))],
        AccessRevoked e => [(Namespaces.RelationshipAccessRevoked, RelationshipKey(e.Patient, e.Provider))],
        CertifierAdded e => [(Namespaces.CertifierAdded, e.Certifier)],
        ResearcherRegistered e => [(Namespaces.ResearcherRegistered, e.Researcher)],
        EmergencyAccessOpened e => [(Namespaces.EmergencyAccessOpened, e.Patient)],
        EmergencyAccessClosed e => [(Namespaces.EmergencyAccessClosed, e.Patient)],
        _ => [],
    };
}
