using MedRec.ChainIndexer.Contracts.Relationships;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Mirror;
using MedRec.Grains.Access;
using MedRec.Grains.Records;
using static MedRec.Bench.Measurements;

namespace MedRec.Bench;

/// <summary>
/// The issue-4 figures in one world (<see cref="AccessBenchWorld"/>): the access decision on the mirror vs by eth_call,
/// a full gatekeeper read vs the bare PostgreSQL query, and the whole-history fan-out over 1, 10 and 50 providers.
/// Every measured call's answer is checked (granted, Ok, record counts), so a fast failure cannot pass as a result.
/// </summary>
public static class AccessBenchmark
{
    public static async Task<int> RunAsync(TextWriter output, CancellationToken ct)
    {
        await using var world = await AccessBenchWorld.StartAsync(output, ct);
        await DecisionAsync(world, output);
        await GatekeeperReadAsync(world, output);
        await FanOutAsync(world, output);
        return 0;
    }

    private static async Task DecisionAsync(AccessBenchWorld world, TextWriter output)
    {
        var patient = AccessBenchWorld.Address(world.Patients[1]);
        var provider = AccessBenchWorld.Address(world.Providers[0]);
        var viewer = AccessBenchWorld.Address(world.Viewer);
        var request = new AccessRequest(viewer, patient, provider, world.Shared.PointerId, AccessAction.Read, AccessRequest.ZeroPointer, 0);
        var relationship = world.Grains.Relationship(patient, provider);

        async Task Mirror()
        {
            var decision = AccessDecision.Decide(await relationship.GetAsync(), request, (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            if (!decision.Granted) throw new InvalidOperationException($"the mirror denied the viewer: {decision.Reason}");
        }

        var query = world.Node.Web3.Eth.GetContractQueryHandler<RequireAccessFunction>();
        var function = new RequireAccessFunction
        {
            Patient = patient, Provider = provider, PointerId = Convert.FromHexString(world.Shared.PointerId[2..]), Viewer = viewer,
        };

        // requireAccess reverts unless the viewer may read; a call that returns is a granted decision.
        Task Chain() => query.QueryRawAsync(world.Deployment.Contracts.Relationships, function);

        var mirror = await MeasureAsync(1_000, 10_000, _ => Mirror());
        var chain = await MeasureAsync(100, 1_000, _ => Chain());
        var mirrorRate = await ThroughputAsync(16, TimeSpan.FromSeconds(3), Mirror);
        var chainRate = await ThroughputAsync(16, TimeSpan.FromSeconds(3), Chain);

        output.WriteLine("### Access decision: mirror vs eth_call");
        output.WriteLine();
        output.WriteLine("| path | decisions/s (16 callers) | p50 ms (1 caller) | p99 ms (1 caller) | calls timed |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        output.WriteLine($"| mirror: RelationshipGrain.GetAsync + AccessDecision.Decide, in-silo | {Rate(mirrorRate)} | {Latencies.Format(mirror.Percentile(0.50))} | {Latencies.Format(mirror.Percentile(0.99))} | {mirror.Count:N0} |");
        output.WriteLine($"| eth_call PPR.requireAccess on anvil | {Rate(chainRate)} | {Latencies.Format(chain.Percentile(0.50))} | {Latencies.Format(chain.Percentile(0.99))} | {chain.Count:N0} |");
        output.WriteLine($"| ratio (mirror / eth_call) | {mirrorRate / chainRate:0.0}x | {chain.Percentile(0.50) / mirror.Percentile(0.50):0.0}x faster | {chain.Percentile(0.99) / mirror.Percentile(0.99):0.0}x faster | |");
        output.WriteLine();
    }

    private static async Task GatekeeperReadAsync(AccessBenchWorld world, TextWriter output)
    {
        const int warmUp = 50, count = 1_000;
        var provider = AccessBenchWorld.Address(world.Providers[0]);
        var requests = Enumerable.Range(0, warmUp + count)
            .Select(_ => world.Sign(world.Patients[1], world.Patients[1], provider, world.Shared.PointerId)).ToList();
        var gatekeeper = world.Grains.GetGrain<IGatekeeperGrain>(provider);
        var read = await MeasureAsync(warmUp, count, async i =>
        {
            var answer = await gatekeeper.ReadAsync(requests[i]);
            if (answer.Outcome != ProviderOutcome.Ok || answer.Pointers[0].RecordCount != world.Shared.RecordCount)
                throw new InvalidOperationException($"the gatekeeper answered {answer.Outcome} {answer.Reason}");
        });

        var store = world.Store(0);
        var query = PointerQuery.Parse(world.Shared.Query);
        var bare = await MeasureAsync(warmUp, count, async _ =>
        {
            var records = await store.QueryAsync(query, CancellationToken.None);
            if (records.Count != world.Shared.RecordCount) throw new InvalidOperationException("the bare query returned another result");
        });

        output.WriteLine("### Gatekeeper read vs the bare PostgreSQL query");
        output.WriteLine();
        output.WriteLine($"One pointer of {world.Shared.RecordCount} records, one caller, {count:N0} reads after {warmUp} untimed.");
        output.WriteLine();
        output.WriteLine("| path | p50 ms | p99 ms | mean ms | reads/s (1 caller) |");
        output.WriteLine("| --- | ---: | ---: | ---: | ---: |");
        output.WriteLine($"| gatekeeper: signature + nonce + mirror decision + query + hash + audit write | {Latencies.Format(read.Percentile(0.50))} | {Latencies.Format(read.Percentile(0.99))} | {Latencies.Format(read.Mean)} | {Rate(1_000 / read.Mean)} |");
        output.WriteLine($"| bare query: the provider store's parameterized SELECT of the same pointer | {Latencies.Format(bare.Percentile(0.50))} | {Latencies.Format(bare.Percentile(0.99))} | {Latencies.Format(bare.Mean)} | {Rate(1_000 / bare.Mean)} |");
        output.WriteLine($"| overhead ratio (gatekeeper / bare) | {read.Percentile(0.50) / bare.Percentile(0.50):0.0}x | {read.Percentile(0.99) / bare.Percentile(0.99):0.0}x | {read.Mean / bare.Mean:0.0}x | |");
        output.WriteLine();
    }

    private static async Task FanOutAsync(AccessBenchWorld world, TextWriter output)
    {
        output.WriteLine("### Whole-history fan-out");
        output.WriteLine();
        output.WriteLine("| providers | p50 ms | p99 ms | records per read | reads timed | p50 vs 1 provider |");
        output.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: |");
        double? single = null;
        var history = world.Grains.GetGrain<IHistoryGrain>(0);
        foreach (var width in AccessBenchWorld.FanOutWidths)
        {
            var (warmUp, count) = (10, width == 50 ? 100 : 300);
            var patient = world.Patients[width];
            var requests = Enumerable.Range(0, warmUp + count)
                .Select(_ => world.Sign(patient, patient, AccessRequest.ZeroAddress, AccessRequest.ZeroPointer)).ToList();
            var sample = await MeasureAsync(warmUp, count, async i =>
            {
                var answer = await history.ReadHistoryAsync(requests[i]);
                if (answer.Providers.Count != width || answer.Providers.Any(p => p.Outcome != ProviderOutcome.Ok)
                    || answer.RecordCount != width * AccessBenchWorld.RecordsPerProvider)
                    throw new InvalidOperationException($"fan-out over {width}: {answer.RecordCount} records, outcomes {string.Join(",", answer.Providers.Select(p => p.Outcome))}");
            });
            single ??= sample.Percentile(0.50);
            output.WriteLine($"| {width} | {Latencies.Format(sample.Percentile(0.50))} | {Latencies.Format(sample.Percentile(0.99))} | {width * AccessBenchWorld.RecordsPerProvider} | {sample.Count} | {sample.Percentile(0.50) / single:0.0}x |");
        }

        output.WriteLine();
    }
}
