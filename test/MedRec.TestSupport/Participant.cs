using MedRec.ChainIndexer.Chain;
using MedRec.Grains.Signing;

namespace MedRec.TestSupport;

/// <summary>A chain participant in a test or benchmark: its chain client and its access-request signer (same key).</summary>
public sealed record Participant(ParticipantClient Client, AccessRequestSigner Signer)
{
    public string Address => Client.Address.ToLowerInvariant();
}
