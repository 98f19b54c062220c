namespace MedRec.Grains.Abstractions.Mirror;

/// <summary>The mirror of one patient (keyed by lowercase address): registration, summary, research consent.</summary>
[Alias("medrec.patient-grain")]
public interface IPatientGrain : IMirrorGrain
{
    Task<PatientView> GetAsync();
}
