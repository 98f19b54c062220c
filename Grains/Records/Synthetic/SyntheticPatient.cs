namespace MedRec.Grains.Records.Synthetic;

/// <summary>
/// One synthetic patient. <see cref="Id"/> is the placeholder subject of their records (<c>Patient/{Id}</c>), which a
/// provider store rewrites to its own subject. <see cref="DisplayName"/> is for the demo's screens only: it never goes
/// on chain. <see cref="ChronicPain"/> patients get pain diagnoses and opioid prescriptions far more often (the
/// population the opioid analytics look for).
/// </summary>
public sealed record SyntheticPatient(
    int Index, string Id, string DisplayName, string Gender, DateOnly BirthDate, bool ChronicPain)
{
    public string Reference => $"Patient/{Id}";
}
