using MedRec.Grains.Abstractions.Chain;

namespace MedRec.Silo;

public static class MirrorSiloBuilderExtensions
{
    /// <summary>The chain-event streams the indexer publishes to and the mirror grains (and analytics) subscribe to.
    /// In-memory streams: delivery is confirmed by the mirror grains before the indexer checkpoints, so a lost queue
    /// is re-read from the chain, never lost.</summary>
    /// <remarks>Subscriptions live in the "PubSubStore" grain storage that <c>AddMedRecStorage</c> registers.</remarks>
    public static ISiloBuilder AddChainEventStreams(this ISiloBuilder silo) => silo
        .AddMemoryStreams(ChainStreams.ProviderName);
}
