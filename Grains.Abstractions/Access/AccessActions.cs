namespace MedRec.Grains.Abstractions.Access;

/// <summary>The signed (string) form of <see cref="AccessAction"/>.</summary>
public static class AccessActions
{
    public static string ToWire(this AccessAction action) => action switch
    {
        AccessAction.Read => "read",
        AccessAction.ReadAudit => "read-audit",
        AccessAction.Research => "research",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "unknown access action"),
    };

    public static bool TryParse(string wire, out AccessAction action)
    {
        switch (wire)
        {
            case "read": action = AccessAction.Read; return true;
            case "read-audit": action = AccessAction.ReadAudit; return true;
            case "research": action = AccessAction.Research; return true;
            default: action = default; return false;
        }
    }
}
