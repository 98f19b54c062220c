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
}
