using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Mirror;
using MedRec.Grains.Records;

namespace MedRec.Grains.Access;

/// <summary>
/// Reads pointers from a provider's store and checks them against the chain: the stored query must match the on-chain
/// commitment, and its result must hash to the on-chain data hash. Records are returned only when both hold.
/// </summary>
public static class PointerReader
{
    public static async Task<PointerAnswer> ReadAsync(
        IProviderStore store, string patient, PointerView onChain, CancellationToken cancellationToken) =>
        (await ReadManyAsync(store, patient, [onChain], cancellationToken))[0];

    /// <summary>Every pointer of one request at once: their definitions in one statement and their queries in one
    /// batch, on one connection (<see cref="IProviderStore.ReadPointersAsync"/>); answers in the order given.</summary>
    public static async Task<IReadOnlyList<PointerAnswer>> ReadManyAsync(
        IProviderStore store, string patient, IReadOnlyList<PointerView> onChain, CancellationToken cancellationToken)
    {
        var commitments = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pointer in onChain) commitments[pointer.PointerId] = pointer.QueryCommitment;

        // A query runs only when its definition is this patient's and matches the commitment on chain.
        PointerQuery? QueryOf(PointerDefinition definition)
        {
            if (definition.PatientAddress != patient || !commitments.TryGetValue(definition.PointerId, out var commitment)) return null;
            try
            {
                var query = PointerQuery.Parse(definition.Query);
                return string.Equals(query.Commitment(definition.Salt), commitment, StringComparison.OrdinalIgnoreCase) ? query : null;
            }
            catch (QueryRejectedException)
            {
                return null;
            }
        }

        var reads = await store.ReadPointersAsync(onChain.Select(p => p.PointerId).ToList(), QueryOf, cancellationToken);
        var answers = new List<PointerAnswer>(onChain.Count);
        for (var i = 0; i < onChain.Count; i++)
        {
            var pointer = onChain[i];
            if (reads[i].Records is not { } records)
            {
                answers.Add(Withheld(pointer, IntegrityVerdict.QueryMismatch, null));
                continue;
            }

            var hash = RecordHasher.Hash(records);
            answers.Add(string.Equals(hash, pointer.DataHash, StringComparison.OrdinalIgnoreCase)
                ? new PointerAnswer(pointer.PointerId, pointer.Version, IntegrityVerdict.Verified, pointer.DataHash, hash,
                    records.Count, FhirBundles.SearchSet(records.Select(r => r.Json).ToList(), parsedAlready: true))
                : Withheld(pointer, IntegrityVerdict.DataHashMismatch, hash));
        }

        return answers;
    }

    private static PointerAnswer Withheld(PointerView onChain, IntegrityVerdict verdict, string? computed) =>
        new(onChain.PointerId, onChain.Version, verdict, onChain.DataHash, computed, 0, FhirBundles.EmptySearchSet);
}
