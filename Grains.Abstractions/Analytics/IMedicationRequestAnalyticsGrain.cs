namespace MedRec.Grains.Abstractions.Analytics;

/// <summary>Per relationship (key "patient:provider", as the relationship stream): turns verified MedicationRequest
/// slices of PointerPublished events into <see cref="MedicationRequested"/> events.</summary>
[Alias("medrec.IMedicationRequestAnalyticsGrain")]
public interface IMedicationRequestAnalyticsGrain : IGrainWithStringKey
{
    Task<MedicationAnalyticsCounters> GetCountersAsync();
}

/// <summary>Emitted: prescriptions published (undos not counted). HashMismatches: slices whose store result no longer
/// hashed to the on-chain data hash (skipped; a later version of the pointer carries the records). Duplicates:
/// redelivered chain events.</summary>
[GenerateSerializer, Immutable, Alias("medrec.medication-analytics-counters")]
public sealed record MedicationAnalyticsCounters(
    [property: Id(0)] int Emitted, [property: Id(1)] int Retracted, [property: Id(2)] int HashMismatches, [property: Id(3)] int Duplicates);
