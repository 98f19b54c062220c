using MedRec.Grains.Abstractions.Access;
using Orleans.Runtime;

namespace MedRec.Grains.Access;

/// <summary>A provider's break-the-glass justifications (docs/adr/0011-break-the-glass.md), in the access store: the
/// mirror can be rebuilt from the chain, these texts cannot (only their commitments are on chain).</summary>
public sealed class EmergencyJustificationsGrain(
    [PersistentState("emergency-justifications", AccessStorage.Name)] IPersistentState<EmergencyJustificationsGrain.State> state)
    : Grain, IEmergencyJustificationsGrain
{
    public async Task RecordAsync(EmergencyJustification justification)
    {
        ArgumentNullException.ThrowIfNull(justification);
        state.State.Justifications.Add(justification);
        await state.WriteStateAsync();
    }

    public async Task SentAsync(string justificationCommitment, string transactionHash)
    {
        var index = state.State.Justifications.FindLastIndex(j => j.JustificationCommitment == justificationCommitment);
        if (index < 0) return;
        state.State.Justifications[index] = state.State.Justifications[index] with { TransactionHash = transactionHash };
        await state.WriteStateAsync();
    }

    public Task<IReadOnlyList<EmergencyJustification>> ListAsync() =>
        Task.FromResult<IReadOnlyList<EmergencyJustification>>(state.State.Justifications.ToList());

    [GenerateSerializer, Alias("medrec.emergency-justifications-state")]
    public sealed class State
    {
        [Id(0)] public List<EmergencyJustification> Justifications { get; set; } = [];
    }
}
