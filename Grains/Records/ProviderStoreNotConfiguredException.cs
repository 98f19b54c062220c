namespace MedRec.Grains.Records;

/// <summary>A provider this silo has no record store for.</summary>
public sealed class ProviderStoreNotConfiguredException : Exception
{
    public ProviderStoreNotConfiguredException(string providerAddress)
        : base($"No record store is configured for provider '{providerAddress}'. Configure {ProviderStoreOptions.SectionName}:{providerAddress} " +
               "with Kind (PostgreSql, Sqlite or SqlServer), ConnectionString and, for a shared database, Schema.")
    {
        ProviderAddress = providerAddress;
    }

    public string ProviderAddress { get; }
}
