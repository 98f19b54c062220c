using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Indexing;
using MedRec.Grains.Mirror;
using MedRec.Grains.Receipts;
using MedRec.Grains.Records;
using MedRec.Grains.Research;
using MedRec.Grains.Signing;
using MedRec.Grains.Writes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace MedRec.Grains.Access;

public static class AccessServiceCollectionExtensions
{
    public const string GatekeeperSection = "MedRec:Gatekeeper";

    /// <summary>The key of the clock the access rules read (request and grant expiry); the system clock unless a test
    /// registers its own under this key first. Orleans keeps its own, unkeyed clock.</summary>
    public const string ClockKey = "medrec-access-clock";

    /// <summary>
    /// What the gatekeeper and fan-out grains need: the providers' stores ("MedRec:ProviderStores"), the request
    /// verifier for this deployment's EIP-712 domain (chain id and PPR address from the deployment file the indexer
    /// reads, "MedRec:Indexer:DeploymentFile"), request lifetime ("MedRec:Gatekeeper:MaxLifetime") and the fan-out
    /// deadline ("MedRec:FanOut:Deadline").
    /// </summary>
    public static IServiceCollection AddMedRecAccess(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddKeyedSingleton(ClockKey, TimeProvider.System);
        services.TryAddSingleton<RelationshipViewCache>();
        services.AddProviderStores(configuration);
        services.AddHostedService<ProviderStoreMigrator>();
        services.AddOptions<FanOutOptions>().Bind(configuration.GetSection(FanOutOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<AccessRequestVerifierOptions>().Bind(configuration.GetSection(GatekeeperSection));
        services.TryAddSingleton(sp =>
        {
            var indexer = new ChainIndexerOptions();
            configuration.GetSection(ChainIndexerOptions.Section).Bind(indexer);
            var deployment = DeploymentFile.Read(indexer.DeploymentFile);
            return new AccessRequestDomain((ulong)deployment.ChainId, deployment.Contracts.Relationships);
        });
        services.TryAddSingleton(sp => new AccessRequestVerifier(
            sp.GetRequiredService<AccessRequestDomain>(), sp.GetRequiredKeyedService<TimeProvider>(ClockKey),
            sp.GetRequiredService<IOptions<AccessRequestVerifierOptions>>().Value));
        // Decision receipts (ADR 0009): "MedRec:Gatekeeper:Receipts", keys from the custody store unless a source
        // (a hospital's HSM) is registered first.
        services.AddOptions<DecisionReceiptOptions>().Bind(configuration.GetSection(GatekeeperSection));
        services.TryAddSingleton<IReceiptKeySource>(sp => new CustodyReceiptKeySource(sp.GetService<IParticipantKeyStore>()));
        services.TryAddSingleton<DecisionReceiptIssuer>();
        services.AddMedRecResearch(configuration);
        return services;
    }
}
