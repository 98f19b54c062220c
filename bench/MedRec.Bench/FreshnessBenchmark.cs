using System.Diagnostics;
using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Contracts.Relationships;
using MedRec.ChainIndexer.Indexing;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Mirror;
using MedRec.Silo;

namespace MedRec.Bench;

/// <summary>
/// Issue 3, freshness: with 0 confirmations, the time from a transaction's receipt reaching its sender to its effect
/// being readable from the mirror grains, next to the time until the same effect is readable by eth_call on the chain
/// itself, in the same run. Alternates a new pointer (PointerPublished) and a grant of it (AccessGranted), with a
/// random pause before each so transactions land at every phase of the indexer's polling.
/// </summary>
public static class FreshnessBenchmark
{
    public const int Transactions = 300;
    public static readonly TimeSpan Goal = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxPause = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan IdleWindow = TimeSpan.FromSeconds(5);

    /// <summary>The silo configurations measured: the defaults, and both polls shortened by configuration.</summary>
    private static readonly (string Name, Dictionary<string, string?> Settings)[] Configurations =
    [
        ("defaults: " + PollSettings.Describe(new ChainIndexerOptions().PollInterval, new ChainStreamOptions().QueuePollInterval), []),
        (PollSettings.Describe(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(20)), PollSettings.Both(TimeSpan.FromMilliseconds(20))),
        (PollSettings.Describe(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(10)), PollSettings.Both(TimeSpan.FromMilliseconds(10))),
    ];

    public static async Task<int> RunAsync(TextWriter output, int transactions, CancellationToken cancellationToken)
    {
        var loadAtStart = MachineLoad.Describe();
        await using var chain = await BenchChain.StartAsync(cancellationToken);
        var rows = new List<(string Configuration, Latencies Chain, Latencies Mirror, double IdleCpu)>();
        foreach (var (name, settings) in Configurations)
        {
            await using var silo = await BenchSilo.StartAsync(chain, settings, cancellationToken);
            var (chainLatencies, mirrorLatencies) = await MeasureAsync(chain, silo, transactions, cancellationToken);
            Progress.Report($"{name}: mirror p50 {Latencies.Format(mirrorLatencies.Percentile(0.5))} ms, p99 {Latencies.Format(mirrorLatencies.Percentile(0.99))} ms");

            // What the polling costs while nothing happens: this process's CPU over a quiet window, in % of one core.
            var cpu = Environment.CpuUsage.TotalTime;
            await Task.Delay(IdleWindow, cancellationToken);
            var idleCpu = (Environment.CpuUsage.TotalTime - cpu) / IdleWindow;
            rows.Add((name, chainLatencies, mirrorLatencies, idleCpu));
        }

        output.WriteLine($"Freshness, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores ({loadAtStart} before, " +
                         $"{MachineLoad.Describe()} after), {chain.ClientVersion}, " +
                         $"0 confirmations, {transactions} transactions per configuration (half new pointers, half grants).");
        output.WriteLine("Latency from the receipt reaching the sender (polled every ms) to the effect being read (polled every ms).");
        output.WriteLine($"Idle CPU: this process (silo and indexer) over {IdleWindow.TotalSeconds:0} s without transactions, in % of one core.");
        output.WriteLine();
        output.WriteLine("| silo configuration | effect read from | samples | p50 ms | p99 ms | max ms | goal (p99) | met? | idle CPU |");
        output.WriteLine("| --- | --- | ---: | ---: | ---: | ---: | ---: | :---: | ---: |");
        foreach (var (configuration, chainLatencies, mirrorLatencies, idleCpu) in rows)
        {
            output.WriteLine($"| {configuration} | eth_call on anvil (the chain itself) | {chainLatencies.Cells()} |  |  |  |");
            var met = mirrorLatencies.Percentile(0.99) <= Goal.TotalMilliseconds ? "yes" : "no";
            output.WriteLine($"| {configuration} | mirror grain (RelationshipGrain.GetAsync) | {mirrorLatencies.Cells()} | <= {Ms(Goal)} | {met} | {idleCpu:P1} |");
        }

        return 0;
    }

    private static async Task<(Latencies Chain, Latencies Mirror)> MeasureAsync(
        BenchChain chain, BenchSilo silo, int transactions, CancellationToken cancellationToken)
    {
        var provider = await chain.NewParticipantAsync();
        var patient = await chain.NewParticipantAsync();
        var viewer = await chain.NewParticipantAsync();
        await chain.Root.RegisterProviderAsync(provider.Address, BenchChain.NewIdentity(), "https://gatekeeper.hospital.example/fhir", cancellationToken);
        await patient.RegisterPatientAsync(BenchChain.NewIdentity(), cancellationToken);
        await viewer.RegisterPatientAsync(BenchChain.NewIdentity(), cancellationToken);
        var relationship = silo.Client.Relationship(patient.Address.ToLowerInvariant(), provider.Address.ToLowerInvariant());
        var contracts = chain.Deployment.Contracts;

        // Opens the relationship and waits until the mirror (grain activated, code paths warm) shows it.
        var first = BenchChain.Random32();
        await provider.PublishPointerAsync(patient.Address, first, BenchChain.Random32(), BenchChain.Random32(), cancellationToken);
        await Poll.UntilAsync(async () => (await relationship.GetAsync()).Pointers.Count == 1, TimeSpan.FromSeconds(30), "freshness: the mirror shows the opened relationship", cancellationToken);

        var pump = new TransactionPump(chain, window: 1);
        var random = new Random(7);
        var chainLatencies = new Latencies();
        var mirrorLatencies = new Latencies();
        var pointer = first;
        for (var i = 0; i < transactions; i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(random.NextDouble() * MaxPause.TotalMilliseconds), cancellationToken);
            Func<Task<bool>> onChain;
            Func<RelationshipView, bool> inMirror;
            if (i % 2 == 0)
            {
                pointer = BenchChain.Random32();
                var id = pointer;
                var hex = BenchChain.Hex(id);
                await pump.SubmitAsync(provider, contracts.Relationships, new PublishPointerFunction
                {
                    Patient = patient.Address, PointerId = id, QueryCommitment = BenchChain.Random32(), DataHash = BenchChain.Random32(),
                }, gas: 300_000, cancellationToken);
                onChain = async () => (await chain.Reader.PointerOfAsync(patient.Address, provider.Address, id)).Version == 1;
                inMirror = view => view.Pointers.Any(p => p.PointerId == hex);
            }
            else
            {
                var id = pointer;
                var hex = BenchChain.Hex(id);
                var viewerAddress = viewer.Address.ToLowerInvariant();
                await pump.SubmitAsync(patient, contracts.Relationships, new GrantAccessFunction
                {
                    Provider = provider.Address, PointerId = id, Viewer = viewer.Address,
                    ExpiresAt = (ulong)DateTimeOffset.UtcNow.AddYears(1).ToUnixTimeSeconds(), Purposes = (byte)PurposeSet.All,
                }, gas: 300_000, cancellationToken);
                onChain = async () => (await chain.Reader.GrantOfAsync(patient.Address, provider.Address, id, viewer.Address)).ExpiresAt != 0;
                inMirror = view => view.Grants.Any(g => g.PointerId == hex && g.Viewer == viewerAddress);
            }

            // The pump returns once the receipt arrived (it polls every millisecond) and the transaction succeeded.
            var receipt = Stopwatch.GetTimestamp();
            await Poll.UntilAsync(onChain, Deadline, $"freshness: transaction {i} readable by eth_call", cancellationToken);
            chainLatencies.AddSince(receipt);
            await Poll.UntilAsync(async () => inMirror(await relationship.GetAsync()), Deadline, $"freshness: transaction {i} readable from the mirror", cancellationToken);
            mirrorLatencies.AddSince(receipt);
        }

        return (chainLatencies, mirrorLatencies);
    }

    private static string Ms(TimeSpan span) => $"{span.TotalMilliseconds:0} ms";
}
