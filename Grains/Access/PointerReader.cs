using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Mirror;
using MedRec.Grains.Records;

namespace MedRec.Grains.Access;

/// <summary>
/// Reads one pointer from a provider's store and checks it against the chain: the stored query must match the on-chain
/// commitment, and its result must hash to the on-chain data hash. Records are returned only when both hold.
/// </summary>
public static class PointerReader
{
    public static async Task<PointerAnswer> ReadAsync(
        IProviderStore store, string patient, PointerView onChain, CancellationToken cancellationToken)
    {
        var definition = await store.FindPointerAsync(onChain.PointerId, cancellationToken);
        if (definition is null || definition.PatientAddress != patient) return Withheld(onChain, IntegrityVerdict.QueryMismatch, null);

        PointerQuery query;
        try
        {
            query = PointerQuery.Parse(definition.Query);
        }
        catch (QueryRejectedException)
        {
            return Withheld(onChain, IntegrityVerdict.QueryMismatch, null);
        }

        if (!string.Equals(query.Commitment(definition.Salt), onChain.QueryCommitment, StringComparison.OrdinalIgnoreCase))
            return Withheld(onChain, IntegrityVerdict.QueryMismatch, null);

        var records = await store.QueryAsync(query, cancellationToken);
        var hash = RecordHasher.Hash(records);
        if (!string.Equals(hash, onChain.DataHash, StringComparison.OrdinalIgnoreCase))
            return Withheld(onChain, IntegrityVerdict.DataHashMismatch, hash);

        return new PointerAnswer(onChain.PointerId, onChain.Version, IntegrityVerdict.Verified, onChain.DataHash, hash,
            records.Count, FhirBundles.SearchSet(records.Select(r => r.Json).ToList()));
    }

    private static PointerAnswer Withheld(PointerView onChain, IntegrityVerdict verdict, string? computed) =>
        new(onChain.PointerId, onChain.Version, verdict, onChain.DataHash, computed, 0, FhirBundles.EmptySearchSet);
}
