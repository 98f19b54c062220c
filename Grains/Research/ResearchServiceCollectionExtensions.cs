using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Indexing;
using MedRec.Grains.Access;
using MedRec.Grains.Signing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Nethereum.Web3;

namespace MedRec.Grains.Research;

public static class ResearchServiceCollectionExtensions
{
    /// <summary>Research aggregates ("MedRec:Research"): the options, the signed-request verifier the gatekeepers and
    /// the research grain check researchers' requests with, and the validator participation read from the chain's RPC
    /// (unless another <see cref="IValidatorParticipation"/> is registered first).</summary>
    public static IServiceCollection AddMedRecResearch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ResearchOptions>().Bind(configuration.GetSection(ResearchOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(sp => new ApiRequestVerifier(
            sp.GetRequiredService<AccessRequestDomain>(), sp.GetRequiredKeyedService<TimeProvider>(AccessServiceCollectionExtensions.ClockKey),
            sp.GetRequiredService<IOptions<AccessRequestVerifierOptions>>().Value));
        services.TryAddSingleton<IValidatorParticipation>(sp =>
        {
            var indexer = new ChainIndexerOptions();
            configuration.GetSection(ChainIndexerOptions.Section).Bind(indexer);
            var rpc = indexer.RpcUrl ?? DeploymentFile.Read(indexer.DeploymentFile).RpcUrl;
            return new ChainValidatorParticipation(new Web3(rpc), sp.GetRequiredService<IOptions<ResearchOptions>>(),
                sp.GetRequiredKeyedService<TimeProvider>(AccessServiceCollectionExtensions.ClockKey));
        });
        return services;
    }
}
