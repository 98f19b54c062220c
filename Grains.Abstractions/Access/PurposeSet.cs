namespace MedRec.Grains.Abstractions.Access;

/// <summary>
/// The purposes a grant covers, as the PPR contract stores them: bit <c>1 &lt;&lt; (int)purpose</c> per
/// <see cref="Purpose"/>. A grant covers at least one purpose; <see cref="All"/> is what a grant made without naming
/// purposes covers.
/// </summary>
[Flags]
public enum PurposeSet : byte
{
    None = 0,
    Treatment = 1 << Purpose.Treatment,
    Payment = 1 << Purpose.Payment,
    Operations = 1 << Purpose.Operations,
    Research = 1 << Purpose.Research,
    Emergency = 1 << Purpose.Emergency,
    PatientRequest = 1 << Purpose.PatientRequest,
    All = Treatment | Payment | Operations | Research | Emergency | PatientRequest,
}
