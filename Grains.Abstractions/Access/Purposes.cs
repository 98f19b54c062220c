namespace MedRec.Grains.Abstractions.Access;

/// <summary>The signed (string) form of <see cref="Purpose"/>, its HL7 v3 PurposeOfUse code, and purpose sets.</summary>
public static class Purposes
{
    /// <summary>The code system of <see cref="ToV3Code"/> (FHIR AuditEvent.purposeOfEvent).</summary>
    public const string V3CodeSystem = "http://terminology.hl7.org/CodeSystem/v3-ActReason";

    public static string ToWire(this Purpose purpose) => purpose switch
    {
        Purpose.Treatment => "treatment",
        Purpose.Payment => "payment",
        Purpose.Operations => "operations",
        Purpose.Research => "research",
        Purpose.Emergency => "emergency",
        Purpose.PatientRequest => "patient-request",
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "unknown purpose"),
    };

    public static bool TryParse(string? wire, out Purpose purpose)
    {
        switch (wire)
        {
            case "treatment": purpose = Purpose.Treatment; return true;
            case "payment": purpose = Purpose.Payment; return true;
            case "operations": purpose = Purpose.Operations; return true;
            case "research": purpose = Purpose.Research; return true;
            case "emergency": purpose = Purpose.Emergency; return true;
            case "patient-request": purpose = Purpose.PatientRequest; return true;
            default: purpose = default; return false;
        }
    }

    public static string ToV3Code(this Purpose purpose) => purpose switch
    {
        Purpose.Treatment => "TREAT",
        Purpose.Payment => "HPAYMT",
        Purpose.Operations => "HOPERAT",
        Purpose.Research => "HRESCH",
        Purpose.Emergency => "ETREAT",
        Purpose.PatientRequest => "PATRQT",
        _ => throw new ArgumentOutOfRangeException(nameof(purpose), purpose, "unknown purpose"),
    };

    /// <summary>Every purpose, in bit order.</summary>
    public static IReadOnlyList<Purpose> All { get; } = Enum.GetValues<Purpose>();

    public static PurposeSet ToSet(this Purpose purpose) => (PurposeSet)(1 << (int)purpose);

    public static bool Covers(this PurposeSet set, Purpose purpose) => (set & purpose.ToSet()) != 0;

    /// <summary>Whether <paramref name="set"/> is a set a grant may carry: at least one purpose, no unknown bit.</summary>
    public static bool IsValidGrant(this PurposeSet set) => set != PurposeSet.None && (set & ~PurposeSet.All) == 0;

    /// <summary>The set's purposes as wire names, in bit order.</summary>
    public static IReadOnlyList<string> ToWire(this PurposeSet set) => All.Where(p => set.Covers(p)).Select(p => p.ToWire()).ToList();

    /// <summary>The set named by wire names (none named: <see cref="PurposeSet.All"/>), or the first unknown name.</summary>
    public static bool TryParseSet(IEnumerable<string>? wires, out PurposeSet set, out string? unknown)
    {
        set = PurposeSet.None;
        unknown = null;
        foreach (var wire in wires ?? [])
        {
            if (!TryParse(wire, out var purpose)) { unknown = wire; set = PurposeSet.None; return false; }
            set |= purpose.ToSet();
        }

        if (set == PurposeSet.None) set = PurposeSet.All;
        return true;
    }
}
