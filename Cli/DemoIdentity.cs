namespace MedRec.Cli;

/// <summary>One demo participant as written to the dev system's identities file (never printed, never committed).</summary>
internal sealed record DemoIdentity(string Role, string Name, string Address, string PrivateKey);
