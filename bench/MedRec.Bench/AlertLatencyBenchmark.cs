using System.Diagnostics;
using Hl7.Fhir.Model;
using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Contracts.Relationships;
using MedRec.ChainIndexer.Indexing;
using MedRec.Grains.Abstractions.Analytics;
using MedRec.Grains.Alerts;
using MedRec.Grains.Publishing;
using MedRec.Grains.Records;
using MedRec.Silo;
using MedRec.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Streams;

namespace MedRec.Bench;

/// <summary>
/// Issue 8: the time from the receipt of the transaction publishing the prescription that crosses the threshold
/// (the fourth provider's opioid MedicationRequest) being first seen by its sender (polled every ms), to the alert arriving on that provider's
/// alert stream (an explicit subscription of the silo's cluster client), with the intermediate hops: the relationship
/// mirror showing the pointer and the medication-requested event arriving on the patient's stream. A fresh patient
/// per sample; the first three providers' prescriptions are published and waited for (in the alert job) before the
/// clock starts.
/// </summary>
public static class AlertLatencyBenchmark
{
    public const int Samples = 100;
    private const int Providers = 4;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static readonly (string Name, Dictionary<string, string?> Settings)[] Configurations =
    [
        ("defaults: " + PollSettings.Describe(new ChainIndexerOptions().PollInterval, new ChainStreamOptions().QueuePollInterval), []),
        (PollSettings.Describe(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10)), PollSettings.Both(TimeSpan.FromMilliseconds(10))),
    ];

    public static async Task<int> RunAsync(TextWriter output, int samples, CancellationToken ct)
    {
        var loadAtStart = MachineLoad.Describe();
        var directory = Directory.CreateTempSubdirectory("medrec-bench-alerts-").FullName;
        await using var chain = await TestChain.StartAsync(cancellationToken: ct);
        await using var postgres = await ThrowawayPostgres.StartAsync();
        var database = await postgres.CreateDatabaseAsync("alert_stores");
        var deploymentFile = Path.Combine(directory, "deployment.json");
        await DeploymentFile.WriteAsync(deploymentFile, chain.Deployment, ct);
        var rows = new List<(string Name, Latencies Mirror, Latencies Event, Latencies Alert)>();
        var configurationIndex = 0;
        foreach (var (name, extra) in Configurations)
        {
            var providers = new List<Participant>();
            var settings = new Dictionary<string, string?>(extra)
            {
                ["Orleans:ClusterId"] = $"bench-{Guid.NewGuid():N}",
                ["Orleans:ServiceId"] = $"medrec-bench-{Guid.NewGuid():N}",
                [$"{ChainIndexerOptions.Section}:DeploymentFile"] = deploymentFile,
            };
            for (var i = 0; i < Providers; i++)
            {
                var provider = await chain.NewProviderAsync($"https://clinic-{i}.bench.example/fhir", ct);
                providers.Add(provider);
                var section = $"{ProviderStoreOptions.SectionName}:{provider.Address}";
                settings[$"{section}:Kind"] = nameof(ProviderStoreKind.PostgreSql);
                settings[$"{section}:ConnectionString"] = database;
                settings[$"{section}:Schema"] = $"clinic_{configurationIndex}_{i}";
            }

            configurationIndex++;
            await using var silo = await TestSilo.StartAsync(settings, mirror: true, access: true, services: s => s.AddMedRecAlerts());
            var stores = silo.Services.GetRequiredService<IProviderStoreFactory>();
            var publishers = new List<RecordPublisher>();
            foreach (var provider in providers)
            {
                await stores.For(provider.Address).MigrateAsync(ct);
                publishers.Add(new RecordPublisher(stores.For(provider.Address), (patient, pointers, token) => PublishAsync(provider.Client, patient, pointers, token)));
            }

            var measured = await MeasureAsync(silo, chain, providers, publishers, samples, ct);
            Progress.Report($"{name}: alert p50 {Latencies.Format(measured.Alert.Percentile(0.5))} ms, p99 {Latencies.Format(measured.Alert.Percentile(0.99))} ms");
            rows.Add((name, measured.Mirror, measured.Event, measured.Alert));
        }

        Directory.Delete(directory, recursive: true);
        output.WriteLine($"Prescription-misuse alert latency, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores " +
                         $"({loadAtStart} before, {MachineLoad.Describe()} after), 0 confirmations, {samples} alerts per configuration " +
                         $"(a fresh patient each; threshold: more than 3 providers within 90 days).");
        output.WriteLine("From the fourth provider's publish receipt first seen by the sender (polled every ms) to: the pointer in the relationship mirror (polled " +
                         "every ms), the medication-requested event on the patient's stream, the alert on that provider's alert stream.");
        output.WriteLine();
        output.WriteLine("| silo configuration | reached | samples | p50 ms | p99 ms | max ms |");
        output.WriteLine("| --- | --- | ---: | ---: | ---: | ---: |");
        foreach (var (name, mirror, analytics, alert) in rows)
        {
            output.WriteLine($"| {name} | relationship mirror | {mirror.Cells()} |");
            output.WriteLine($"| {name} | medication-requested event | {analytics.Cells()} |");
            output.WriteLine($"| {name} | **alert on the provider's stream** | {alert.Cells()} |");
        }

        return 0;
    }

    private static async Task<(Latencies Mirror, Latencies Event, Latencies Alert)> MeasureAsync(
        TestSilo silo, TestChain chain, IReadOnlyList<Participant> providers, IReadOnlyList<RecordPublisher> publishers, int samples, CancellationToken ct)
    {
        var client = silo.Services.GetRequiredService<IClusterClient>();
        var streams = client.GetStreamProvider(AnalyticsStreams.ProviderName);
        var grains = silo.Grains;
        var (mirror, analytics, alerts) = (new Latencies(), new Latencies(), new Latencies());
        var last = providers[^1];
        for (var sample = 0; sample < samples; sample++)
        {
            var patient = await chain.NewPatientAsync(ct);
            var day0 = new DateTimeOffset(2026, 1, 1, 8, 0, 0, TimeSpan.Zero).AddDays(sample);
            for (var i = 0; i < providers.Count - 1; i++) await publishers[i].AddAsync(patient.Address, [Opioid(day0.AddDays(i))], ct);
            var job = grains.GetGrain<IPrescriptionMisuseGrain>(patient.Address);
            await WaitAsync(async () => await job.GetPrescriptionCountAsync() == providers.Count - 1, "three prescriptions in the alert job", ct);

            var eventSeen = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            var alertSeen = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            var onPatient = await streams.GetStream<MedicationRequested>(StreamId.Create(AnalyticsStreams.Namespaces.MedicationRequested, patient.Address))
                .SubscribeAsync((e, token) =>
                {
                    if (e.Provider == last.Address) eventSeen.TrySetResult(Stopwatch.GetTimestamp());
                    return System.Threading.Tasks.Task.CompletedTask;
                });
            var onAlerts = await streams.GetStream<PrescriptionMisuseAlert>(StreamId.Create(AnalyticsStreams.Namespaces.PrescriptionMisuseAlerts, last.Address))
                .SubscribeAsync((a, token) =>
                {
                    if (a.Patient == patient.Address) alertSeen.TrySetResult(Stopwatch.GetTimestamp());
                    return System.Threading.Tasks.Task.CompletedTask;
                });

            var published = await publishers[^1].AddAsync(patient.Address, [Opioid(day0.AddDays(providers.Count - 1))], ct);
            var receipt = _receiptAt;
            var relationship = grains.GetGrain<MedRec.Grains.Abstractions.Mirror.IRelationshipGrain>(
                MedRec.Grains.Abstractions.Chain.ChainStreams.RelationshipKey(patient.Address, last.Address));
            var pointer = published.Single();
            await WaitAsync(async () => (await relationship.GetAsync()).Pointers.Any(p => p.PointerId == pointer.PointerId && p.DataHash == pointer.DataHash),
                "the pointer in the mirror", ct);
            mirror.AddSince(receipt);
            var eventAt = await eventSeen.Task.WaitAsync(Deadline, ct);
            var alertAt = await alertSeen.Task.WaitAsync(Deadline, ct);
            analytics.Add(Stopwatch.GetElapsedTime(receipt, eventAt).TotalMilliseconds);
            alerts.Add(Stopwatch.GetElapsedTime(receipt, alertAt).TotalMilliseconds);
            await onPatient.UnsubscribeAsync();
            await onAlerts.UnsubscribeAsync();
            if ((sample + 1) % 20 == 0) Progress.Report($"{sample + 1}/{samples} alerts");
        }

        return (mirror, analytics, alerts);
    }

    /// <summary>When the last publish's receipt was first seen (Stopwatch timestamp).</summary>
    private static long _receiptAt;

    /// <summary>Sends the pointers and polls for the receipt every millisecond (Nethereum's own wait polls far more
    /// slowly, which would put the clock's start after the alert); the receipt's first sight is the start.</summary>
    private static async Task<string> PublishAsync(ParticipantClient client, string patient, IReadOnlyList<PointerInput> pointers, CancellationToken ct)
    {
        var hash = await client.SendWithoutReceiptAsync(client.Contracts.Relationships,
            new PublishPointersFunction { Patient = patient, Pointers = pointers.ToList() }, ct);
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var receipt = await client.Web3.Eth.Transactions.GetTransactionReceipt.SendRequestAsync(hash);
            if (receipt is not null)
            {
                _receiptAt = Stopwatch.GetTimestamp();
                return receipt.Status?.Value == 1 ? hash : throw new InvalidOperationException($"publish {hash} failed on chain");
            }

            if (DateTime.UtcNow > deadline) throw new TimeoutException($"publish {hash} not mined within {Deadline.TotalSeconds:0} s");
            await System.Threading.Tasks.Task.Delay(1, ct);
        }
    }

    private static MedicationRequest Opioid(DateTimeOffset authoredOn) => new()
    {
        Status = MedicationRequest.MedicationrequestStatus.Active,
        Intent = MedicationRequest.MedicationRequestIntent.Order,
        Medication = new CodeableConcept(PrescriptionAlertOptions.RxNorm, "7804"),
        AuthoredOn = authoredOn.ToString("yyyy-MM-dd'T'HH:mm:ssK", System.Globalization.CultureInfo.InvariantCulture),
    };

    private static async System.Threading.Tasks.Task WaitAsync(Func<Task<bool>> done, string what, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!await done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not seen within {Deadline.TotalSeconds:0} s: {what}");
            await System.Threading.Tasks.Task.Delay(1, ct);
        }
    }
}
