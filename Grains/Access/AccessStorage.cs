namespace MedRec.Grains.Access;

/// <summary>The grain storage provider name the access grains (nonces, audit) persist to (memory by default,
/// ADO.NET by configuration). Kept apart from the mirror's store: the mirror can be rebuilt from the chain, this
/// state cannot.</summary>
public static class AccessStorage
{
    public const string Name = "access";
}
