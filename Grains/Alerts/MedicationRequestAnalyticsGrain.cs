using MedRec.Grains.Abstractions.Analytics;
using MedRec.Grains.Abstractions.Chain;
using MedRec.Grains.Mirror;
using MedRec.Grains.Records;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace MedRec.Grains.Alerts;

/// <summary>
/// Per relationship ("patient:provider"): on each PointerPublished, reads the pointer's slice from the provider's own
/// store (this silo is the provider's trust domain; a provider without a store here is skipped), checks the stored
/// query against the on-chain commitment and the result against the on-chain data hash, and publishes a
/// <see cref="MedicationRequested"/> for each MedicationRequest in the value set not published before. A slice is
/// re-published whole with every new record, so records are remembered by id; a slice that no longer hashes to an
/// older version's hash is skipped (the newer version carries its records). Undo takes back what that event added.
/// </summary>
[ImplicitStreamSubscription(ChainStreams.Namespaces.RelationshipPointerPublished)]
public sealed partial class MedicationRequestAnalyticsGrain(
    [PersistentState("medication-analytics", MirrorStorage.Name)] IPersistentState<MedicationAnalyticsState> state,
    IServiceProvider services, IOptions<PrescriptionAlertOptions> options, ILogger<MedicationRequestAnalyticsGrain> logger)
    : Grain, IMedicationRequestAnalyticsGrain, IStreamSubscriptionObserver
{
    private readonly PrescriptionAlertOptions _options = options.Value;
    private IReadOnlySet<string>? _codes;

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        var handle = handleFactory.Create<ChainEventEnvelope>();
        await handle.ResumeAsync((envelope, _) => ApplyAsync(envelope));
    }

    public Task<MedicationAnalyticsCounters> GetCountersAsync() => Task.FromResult(
        new MedicationAnalyticsCounters(state.State.Emitted, state.State.Retracted, state.State.HashMismatches, state.State.Duplicates));

    private async Task ApplyAsync(ChainEventEnvelope envelope)
    {
        if (!_options.Enabled || envelope.Event is not PointerPublished published) return;
        var key = envelope.Id.Key;
        var s = state.State;
        if (envelope.IsUndo)
        {
            if (!s.Events.Remove(key)) return;
            var retracted = s.Records.Where(r => r.Value.ChainEvent.Key == key).ToList();
            foreach (var record in retracted) s.Records.Remove(record.Key);
            s.Retracted += retracted.Count;
            await state.WriteStateAsync();
            await PublishAsync(published.Patient, retracted.Select(r => r.Value with { IsUndo = true }).ToList());
            return;
        }

        // Only events that added prescriptions are remembered (an undo has something to take back only for them); a
        // redelivered event that added none is read again and adds none, records being known by id.
        if (s.Events.Contains(key))
        {
            s.Duplicates++;
            return;
        }

        var (fresh, changed) = await ReadNewPrescriptionsAsync(published, envelope.Id);
        if (fresh.Count > 0)
        {
            s.Events.Add(key);
            foreach (var record in fresh) s.Records[record.RecordId] = record;
            s.Emitted += fresh.Count;
        }

        if (fresh.Count > 0 || changed) await state.WriteStateAsync();
        await PublishAsync(published.Patient, fresh);
    }

    private async Task<(List<MedicationRequested> Fresh, bool Changed)> ReadNewPrescriptionsAsync(PointerPublished published, ChainEventId id)
    {
        var s = state.State;
        var pointerId = published.PointerId.ToLowerInvariant();
        if (s.OtherPointers.Contains(pointerId)) return ([], false);
        var factory = services.GetService<IProviderStoreFactory>();
        var provider = published.Provider.ToLowerInvariant();
        if (factory is null || !factory.ConfiguredProviders.Contains(provider)) return ([], false);

        var patient = published.Patient.ToLowerInvariant();
        var isMedication = false;
        PointerQuery? QueryOf(PointerDefinition definition)
        {
            if (definition.PatientAddress != patient) return null;
            if (!PointerQuery.TryParse(definition.Query, out var query, out _) || query is null) return null;
            if (query.ResourceType != "MedicationRequest") return null;
            isMedication = true;
            return string.Equals(query.Commitment(definition.Salt), published.QueryCommitment, StringComparison.OrdinalIgnoreCase) ? query : null;
        }

        IReadOnlyList<PointerRead> reads;
        try
        {
            reads = await factory.For(provider).ReadPointersAsync([pointerId], QueryOf, CancellationToken.None);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // The provider's database is down: nothing to analyse now; the pointer's next version brings the records.
            LogStoreUnavailable(logger, provider, pointerId, error);
            return ([], false);
        }

        var read = reads[0];
        if (read.Definition is null) return ([], false);
        if (!isMedication)
        {
            s.OtherPointers.Add(pointerId);
            return ([], true);
        }

        if (read.Records is not { } records || !string.Equals(RecordHasher.Hash(records), published.DataHash, StringComparison.OrdinalIgnoreCase))
        {
            s.HashMismatches++;
            LogHashMismatch(logger, pointerId, published.Version);
            return ([], true);
        }

        _codes ??= _options.EffectiveCodes();
        var fresh = new List<MedicationRequested>();
        foreach (var record in records)
        {
            if (record.ResourceType != "MedicationRequest" || record.CodeSystem != _options.CodeSystem
                || record.Code is null || !_codes.Contains(record.Code) || record.Effective is not { } authoredOn
                || s.Records.ContainsKey(record.Id)) continue;
            fresh.Add(new MedicationRequested(patient, provider, pointerId, record.Id, record.CodeSystem, record.Code, authoredOn, id));
        }

        return (fresh, false);
    }

    private async Task PublishAsync(string patient, IReadOnlyList<MedicationRequested> events)
    {
        if (events.Count == 0) return;
        var stream = this.GetStreamProvider(AnalyticsStreams.ProviderName)
            .GetStream<MedicationRequested>(StreamId.Create(AnalyticsStreams.Namespaces.MedicationRequested, patient.ToLowerInvariant()));
        await stream.OnNextBatchAsync(events);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Medication analytics skipped pointer {PointerId} of {Provider}: its store could not be read")]
    private static partial void LogStoreUnavailable(ILogger logger, string provider, string pointerId, Exception error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Medication analytics skipped pointer {PointerId} version {Version}: the slice no longer hashes to that version's data hash")]
    private static partial void LogHashMismatch(ILogger logger, string pointerId, ulong version);
}

[GenerateSerializer, Alias("medrec.medication-analytics-state")]
public sealed class MedicationAnalyticsState
{
    /// <summary>Chain event keys applied (block hash : log index).</summary>
    [Id(0)] public HashSet<string> Events { get; set; } = [];

    /// <summary>Published prescriptions by record id, with the chain event that first carried them.</summary>
    [Id(1)] public Dictionary<string, MedicationRequested> Records { get; set; } = [];

    /// <summary>Pointers of this relationship that are not MedicationRequest slices: never read again.</summary>
    [Id(2)] public HashSet<string> OtherPointers { get; set; } = [];

    [Id(3)] public int Emitted { get; set; }
    [Id(4)] public int Retracted { get; set; }
    [Id(5)] public int HashMismatches { get; set; }
    [Id(6)] public int Duplicates { get; set; }
}
