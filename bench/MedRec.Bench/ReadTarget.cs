using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Publishing;
using MedRec.Grains.Records;
using MedRec.TestSupport;

namespace MedRec.Bench;

/// <summary>One patient's largest published pointer at a provider, the read the one-pointer figures time, with its
/// parsed query for the bare-store baseline.</summary>
public sealed record ReadTarget(Participant Patient, PublishedPointer Pointer, PointerQuery Query)
{
    /// <summary><paramref name="patients"/> new patients, each with <paramref name="recordsPerPatient"/> synthetic
    /// records stored and published at <paramref name="provider"/>; the target is each one's largest pointer.</summary>
    public static async Task<List<ReadTarget>> PublishAsync(
        AccessBenchWorld world, Participant provider, int patients, int recordsPerPatient, CancellationToken ct)
    {
        var targets = new List<ReadTarget>();
        for (var i = 0; i < patients; i++)
        {
            var patient = await world.NewPatientAsync(ct);
            var published = await world.PublishAsync(provider, patient, syntheticIndex: i, recordsPerPatient, ct);
            var largest = published.OrderByDescending(p => p.RecordCount).First();
            targets.Add(new ReadTarget(patient, largest, PointerQuery.Parse(largest.Query)));
        }

        return targets;
    }

    /// <summary><paramref name="count"/> read requests, each patient asking for its own target in turn, signed before
    /// the clock starts (signing is the client's cost).</summary>
    public static SignedAccessRequest[] SignReads(AccessBenchWorld world, IReadOnlyList<ReadTarget> targets, Participant provider, int count) =>
        AccessBenchWorld.SignMany(count, i =>
        {
            var target = targets[i % targets.Count];
            return world.Sign(target.Patient, target.Patient, provider.Address, target.Pointer.PointerId);
        });

    /// <summary>The baseline of the one-pointer figures: target <paramref name="i"/>'s query straight on the store,
    /// checked to return the published number of records.</summary>
    public static async Task BareQueryAsync(IProviderStore store, IReadOnlyList<ReadTarget> targets, int i)
    {
        var target = targets[i % targets.Count];
        var records = await store.QueryAsync(target.Query, CancellationToken.None);
        if (records.Count != target.Pointer.RecordCount) throw new InvalidOperationException("the bare query returned another result");
    }
}
