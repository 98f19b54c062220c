namespace MedRec.Grains.Records;

/// <summary>The record store of each configured provider.</summary>
public interface IProviderStoreFactory
{
    /// <summary>The providers with a configured store (lowercase addresses).</summary>
    IReadOnlyCollection<string> ConfiguredProviders { get; }

    /// <summary>The store of one provider; the same instance on every call.</summary>
    /// <exception cref="ProviderStoreNotConfiguredException">No store is configured for the provider.</exception>
    IProviderStore For(string providerAddress);
}
