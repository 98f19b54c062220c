namespace MedRec.Cli;

/// <summary>One demo participant as written to the dev system's identities file (never printed, never committed).</summary>
public sealed record DemoIdentity(string Role, string Name, string Address, string PrivateKey)
{
    public const string Certifier = "certifier";
    public const string Provider = "provider";
    public const string Patient = "patient";
    public const string Viewer = "viewer";

    /// <summary>Without the key: a record's generated ToString would print it into any log or message.</summary>
    public override string ToString() => $"{Role} {Name} {Address}";
}
