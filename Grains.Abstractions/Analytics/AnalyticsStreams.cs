using MedRec.Grains.Abstractions.Chain;

namespace MedRec.Grains.Abstractions.Analytics;

/// <summary>
/// The analytics stream contract (docs/streams.md): events the cluster derives inside a provider's trust domain
/// (never on chain) for analytics jobs, on the same stream provider as the chain events. Version 1.
/// </summary>
public static class AnalyticsStreams
{
    /// <summary>The stream provider: the chain events' (<see cref="ChainStreams.ProviderName"/>).</summary>
    public const string ProviderName = ChainStreams.ProviderName;

    public static class Namespaces
    {
        /// <summary><see cref="MedicationRequested"/>, keyed by patient address: one per MedicationRequest in the
        /// configured value set (MedRec:Alerts:MedicationCodes), read from a verified pointer slice.</summary>
        public const string MedicationRequested = "medrec.v1.analytics.medication-requested";

        /// <summary><see cref="PrescriptionMisuseAlert"/>, keyed by provider address: each involved provider gets
        /// every revision of an alert it is (or was) involved in.</summary>
        public const string PrescriptionMisuseAlerts = "medrec.v1.alerts.prescription-misuse";
    }
}
