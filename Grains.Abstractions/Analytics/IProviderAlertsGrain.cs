namespace MedRec.Grains.Abstractions.Analytics;

/// <summary>The alerts one provider is involved in (key: provider address), fed by the alert stream; what
/// GET /api/providers/{provider}/alerts lists.</summary>
[Alias("medrec.IProviderAlertsGrain")]
public interface IProviderAlertsGrain : IGrainWithStringKey
{
    /// <summary>Latest revision of each alert, newest first.</summary>
    Task<IReadOnlyList<PrescriptionMisuseAlert>> GetAlertsAsync();
}
