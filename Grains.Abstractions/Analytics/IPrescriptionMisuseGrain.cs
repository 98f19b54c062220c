namespace MedRec.Grains.Abstractions.Analytics;

/// <summary>The alert job's grain per patient (key: patient address), fed by the medication-requested stream.</summary>
[Alias("medrec.IPrescriptionMisuseGrain")]
public interface IPrescriptionMisuseGrain : IGrainWithStringKey
{
    /// <summary>The patient's alerts, every status, oldest first.</summary>
    Task<IReadOnlyList<PrescriptionMisuseAlert>> GetAlertsAsync();

    /// <summary>How many distinct prescriptions in the value set the job holds for the patient.</summary>
    Task<int> GetPrescriptionCountAsync();
}
