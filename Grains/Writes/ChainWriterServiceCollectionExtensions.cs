using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Indexing;
using MedRec.Grains.Audit;
using MedRec.Grains.Records;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MedRec.Grains.Writes;

public static class ChainWriterServiceCollectionExtensions
{
    /// <summary>
    /// What the chain writer grains need in a silo: the deployment (from the indexer's deployment file,
    /// "MedRec:Indexer:DeploymentFile"), the participant key store (the demo's <see cref="TestKeyStore"/> from
    /// "MedRec:KeyStore" unless another <see cref="IParticipantKeyStore"/> is registered first) and the providers' stores.
    /// </summary>
    public static IServiceCollection AddMedRecChainWriters(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(_ =>
        {
            var indexer = new ChainIndexerOptions();
            configuration.GetSection(ChainIndexerOptions.Section).Bind(indexer);
            return DeploymentFile.Read(indexer.DeploymentFile);
        });
        services.AddOptions<TestKeyStoreOptions>().Bind(configuration.GetSection(TestKeyStoreOptions.Section));
        services.TryAddSingleton<IParticipantKeyStore, TestKeyStore>();
        services.AddProviderStores(configuration);
        services.AddAuditAnchors(configuration);
        return services;
    }
}
