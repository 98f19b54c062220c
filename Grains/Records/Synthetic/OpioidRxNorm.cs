using System.Collections.Frozen;

namespace MedRec.Grains.Records.Synthetic;

/// <summary>
/// The opioid ingredients the synthetic medication requests use, as RxNorm ingredient (TTY IN) concepts. Analytics
/// match a MedicationRequest's medicationCodeableConcept against <see cref="Codes"/> (system <see cref="CodeSystems.RxNorm"/>).
/// </summary>
public static class OpioidRxNorm
{
    public static readonly IReadOnlyList<ClinicalCode> Ingredients =
    [
        new(CodeSystems.RxNorm, "7804", "oxycodone"),
        new(CodeSystems.RxNorm, "5489", "hydrocodone"),
        new(CodeSystems.RxNorm, "7052", "morphine"),
        new(CodeSystems.RxNorm, "4337", "fentanyl"),
        new(CodeSystems.RxNorm, "10689", "tramadol"),
        new(CodeSystems.RxNorm, "2670", "codeine"),
    ];

    /// <summary>The RxNorm codes of <see cref="Ingredients"/>.</summary>
    public static readonly IReadOnlyList<string> Codes = [.. Ingredients.Select(i => i.Code)];

    private static readonly FrozenSet<string> CodeSet = Codes.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Whether an RxNorm code is one of the opioid <see cref="Codes"/>.</summary>
    public static bool IsOpioid(string? system, string? code) =>
        system == CodeSystems.RxNorm && code is not null && CodeSet.Contains(code);
}
