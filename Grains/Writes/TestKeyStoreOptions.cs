namespace MedRec.Grains.Writes;

/// <summary>The demo's key store (<c>MedRec:KeyStore</c>).</summary>
public sealed class TestKeyStoreOptions
{
    public const string Section = "MedRec:KeyStore";

    /// <summary>The identities file `medrec dev` writes (mode 600, git-ignored): a JSON array of
    /// <c>{ role, name, address, privateKey }</c>.</summary>
    public string IdentitiesFile { get; set; } = Path.Combine(".medrec", "demo-identities.json");
}
