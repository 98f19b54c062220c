namespace MedRec.Grains.Abstractions.Mirror;

/// <summary>The mirror of one patient's break-the-glass windows (keyed by the patient's lowercase address), fed by the
/// EmergencyAccess contract's events (docs/adr/0011-break-the-glass.md).</summary>
[Alias("medrec.emergency-access-grain")]
public interface IEmergencyAccessGrain : IMirrorGrain
{
    Task<EmergencyAccessView> GetAsync();
}
