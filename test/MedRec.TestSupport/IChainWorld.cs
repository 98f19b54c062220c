using MedRec.ChainIndexer.Chain;

namespace MedRec.TestSupport;

/// <summary>A running dev chain with the contracts deployed, as scripts and audits need it.</summary>
public interface IChainWorld
{
    AnvilNode Node { get; }
    Deployment Deployment { get; }
    ParticipantClient Root { get; }
    Task<ParticipantClient> NewAccountAsync();
}
