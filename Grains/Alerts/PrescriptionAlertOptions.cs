using System.ComponentModel.DataAnnotations;

namespace MedRec.Grains.Alerts;

/// <summary>
/// The prescription-misuse alert (section <c>MedRec:Alerts</c>, docs/adr/0007-prescription-misuse-alerts.md): an alert
/// when one patient got prescriptions coded in <see cref="MedicationCodes"/> (system <see cref="CodeSystem"/>) from
/// more than <see cref="ProviderThreshold"/> distinct providers within <see cref="WindowDays"/> days of authoredOn.
/// </summary>
public sealed class PrescriptionAlertOptions
{
    public const string Section = "MedRec:Alerts";

    public const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";

    /// <summary>RxNorm ingredient concepts (TTY IN) of the opioid analgesics: the six the synthetic generator prescribes
    /// (oxycodone, hydrocodone, morphine, fentanyl, tramadol, codeine) and methadone, hydromorphone, oxymorphone,
    /// tapentadol, meperidine. Product-level codes (SCD/SBD) may be added by configuration.</summary>
    public static readonly IReadOnlyList<string> DefaultOpioidCodes =
        ["7804", "5489", "7052", "4337", "10689", "2670", "6813", "3423", "7814", "787390", "6754"];

    /// <summary>False: no medication-requested events and no alerts.</summary>
    public bool Enabled { get; set; } = true;

    [Required]
    public string CodeSystem { get; set; } = RxNorm;

    /// <summary>The value set; configuration replaces the default list (binding a list appends, so the default is
    /// applied only when the section gives none, see <see cref="EffectiveCodes"/>).</summary>
    public List<string> MedicationCodes { get; set; } = [];

    /// <summary>N: an alert needs more than this many distinct providers (default 3: four or more prescribers).</summary>
    [Range(1, 100)]
    public int ProviderThreshold { get; set; } = 3;

    /// <summary>D: the window, in days of authoredOn (default 90).</summary>
    [Range(1, 3650)]
    public int WindowDays { get; set; } = 90;

    public IReadOnlySet<string> EffectiveCodes() =>
        new HashSet<string>(MedicationCodes.Count > 0 ? MedicationCodes : DefaultOpioidCodes, StringComparer.Ordinal);
}
