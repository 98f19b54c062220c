namespace MedRec.Grains.Abstractions.Chain;

/// <summary>A participant's role in the Registrar; the numeric values are the contract's enum values.</summary>
public enum ParticipantRole : byte
{
    None = 0,
    Patient = 1,
    Provider = 2,
    Researcher = 3,
    Certifier = 4,
}
