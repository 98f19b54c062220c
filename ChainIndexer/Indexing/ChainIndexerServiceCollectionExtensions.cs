using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MedRec.ChainIndexer.Indexing;

public static class ChainIndexerServiceCollectionExtensions
{
    /// <summary>Adds the chain indexer as a hosted service, configured from "MedRec:Indexer".</summary>
    public static IServiceCollection AddChainIndexer(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ChainIndexerOptions>()
            .Bind(configuration.GetSection(ChainIndexerOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddMetrics();
        services.AddSingleton<IndexerMetrics>();
        services.AddSingleton<ChainIndexerWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<ChainIndexerWorker>());
        return services;
    }
}
