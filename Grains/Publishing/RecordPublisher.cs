using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Contracts.Relationships;
using MedRec.Grains.Records;
using Nethereum.Hex.HexConvertors.Extensions;

namespace MedRec.Grains.Publishing;

/// <summary>
/// A provider adding records: each record is written to the provider's store, then every slice it touched (one pointer
/// per patient, resource type and category) is re-queried, re-hashed and published on chain in one transaction.
/// Publishing is serialized per publisher, so a hash on chain is always the hash of a result the store produced.
/// </summary>
public sealed class RecordPublisher
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly IProviderStore store;
    private readonly Func<string, IReadOnlyList<PointerInput>, CancellationToken, Task<string>> publish;

    /// <summary>Publishes with the provider's client and waits for the transaction's receipt.</summary>
    public RecordPublisher(IProviderStore store, ParticipantClient provider)
        : this(store, async (patient, pointers, ct) => (await provider.PublishPointersAsync(patient, pointers, ct)).TransactionHash)
    {
    }

    /// <param name="publish">Sends the pointers of one patient in one transaction and answers its hash (whether it
    /// waits for the receipt is up to it: the chain writer grain answers once the transaction is sent).</param>
    public RecordPublisher(IProviderStore store, Func<string, IReadOnlyList<PointerInput>, CancellationToken, Task<string>> publish)
    {
        this.store = store;
        this.publish = publish;
    }

    public async Task<IReadOnlyList<PublishedPointer>> AddAsync(
        string patientAddress, IEnumerable<Hl7.Fhir.Model.Resource> resources, CancellationToken cancellationToken) =>
        (await PublishAsync(patientAddress, resources, cancellationToken)).Pointers;

    /// <summary>As <see cref="AddAsync"/>, answering the publishing transaction's hash too (null when nothing was published).</summary>
    public async Task<RecordPublication> PublishAsync(
        string patientAddress, IEnumerable<Hl7.Fhir.Model.Resource> resources, CancellationToken cancellationToken)
    {
        var patient = patientAddress.ToLowerInvariant();
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var localId = await store.LinkPatientAsync(patient, cancellationToken);
            var slices = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var resource in resources)
            {
                var stored = await store.AddRecordAsync(localId, resource, cancellationToken);
                slices.Add(SliceOf(stored, localId).Canonical);
            }

            if (slices.Count == 0) return new RecordPublication([], null);
            var known = (await store.PointersOfPatientAsync(patient, cancellationToken)).ToDictionary(p => p.Query, StringComparer.Ordinal);
            var published = new List<PublishedPointer>(slices.Count);
            foreach (var slice in slices)
            {
                if (!known.TryGetValue(slice, out var pointer))
                {
                    pointer = PointerDefinition.Create(patient, PointerQuery.Parse(slice), DateTimeOffset.UtcNow);
                    await store.SavePointerAsync(pointer, cancellationToken);
                }

                var query = PointerQuery.Parse(pointer.Query);
                var records = await store.QueryAsync(query, cancellationToken);
                published.Add(new PublishedPointer(pointer.PointerId, query.Commitment(pointer.Salt), RecordHasher.Hash(records), pointer.Query, records.Count));
            }

            var transactionHash = await publish(patient, published.Select(p => new PointerInput
            {
                PointerId = p.PointerId.HexToByteArray(), QueryCommitment = p.QueryCommitment.HexToByteArray(), DataHash = p.DataHash.HexToByteArray(),
            }).ToList(), cancellationToken);
            return new RecordPublication(published, transactionHash);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The slice a record belongs to: every record of its patient with its resource type and category (or
    /// with its resource type only, when it has no category the query language can express).</summary>
    private static PointerQuery SliceOf(StoredRecord record, string localPatientId)
    {
        var byType = $"{record.ResourceType}?patient={localPatientId}";
        if (record.Category is { } category && PointerQuery.SupportsCategory(record.ResourceType)
            && PointerQuery.TryParse($"{byType}&category={category}", out var byCategory, out _))
        {
            return byCategory!;
        }

        return PointerQuery.Parse(byType);
    }
}
