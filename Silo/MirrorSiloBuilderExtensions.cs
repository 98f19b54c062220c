using System.ComponentModel.DataAnnotations;
using MedRec.Grains.Abstractions.Chain;
using MedRec.Grains.Mirror;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace MedRec.Silo;

public static class MirrorSiloBuilderExtensions
{
    /// <summary>The chain-event streams the indexer publishes to and the mirror grains (and analytics) subscribe to.
    /// In-memory streams: delivery is confirmed by the mirror grains before the indexer checkpoints, so a lost queue
    /// is re-read from the chain, never lost.</summary>
    /// <remarks>Subscriptions live in the "PubSubStore" grain storage that <c>AddMedRecStorage</c> registers.</remarks>
    public static ISiloBuilder AddChainEventStreams(this ISiloBuilder silo, ChainStreamOptions? options = null)
    {
        var settings = options ?? new ChainStreamOptions();
        // The relationship grains these streams feed share their views with the silo's access decisions.
        silo.Services.TryAddSingleton<RelationshipViewCache>();
        return silo.AddMemoryStreams(ChainStreams.ProviderName, streams => streams
            .ConfigurePullingAgent(agent => agent.Configure(o => o.GetQueueMsgsTimerPeriod = settings.QueuePollInterval)));
    }

    /// <summary>As <see cref="AddChainEventStreams(ISiloBuilder, ChainStreamOptions?)"/>, with the options bound from
    /// the <c>MedRec:Streams</c> section.</summary>
    /// <exception cref="OptionsValidationException">The section is invalid.</exception>
    public static ISiloBuilder AddChainEventStreams(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = configuration.GetSection(ChainStreamOptions.Section).Get<ChainStreamOptions>() ?? new ChainStreamOptions();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new OptionsValidationException(ChainStreamOptions.Section, typeof(ChainStreamOptions), results.Select(r => r.ErrorMessage ?? "invalid"));
        }

        return silo.AddChainEventStreams(options);
    }
}
