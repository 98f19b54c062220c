namespace MedRec.Grains.Records;

/// <summary>
/// The provider stores this silo can reach, by provider address (case-insensitive), bound from
/// <see cref="SectionName"/>:
/// <code>
/// "MedRec": { "ProviderStores": {
///   "0x70997970c51812dc3a010c7d01b50e0d17dc79c8": { "Kind": "PostgreSql", "ConnectionString": "Host=...", "Schema": "provider_a" },
///   "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc": { "Kind": "Sqlite", "ConnectionString": "Data Source=provider_b.db" } } }
/// </code>
/// </summary>
public sealed class ProviderStoreOptions
{
    public const string SectionName = "MedRec:ProviderStores";

    public Dictionary<string, ProviderStoreSettings> Providers { get; } = new(StringComparer.OrdinalIgnoreCase);
}
