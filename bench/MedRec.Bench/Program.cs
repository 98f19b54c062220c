using MedRec.Bench;

// The figures of docs/benchmarks.md, one subcommand each. Every subcommand starts what it needs (its own anvil) and
// prints a markdown table to stdout.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };
using var telemetry = BenchTelemetry.StartIfEnabled();

return args.FirstOrDefault() switch
{
    "gas" => await GasBenchmark.RunAsync(Console.Out, cancellation.Token),
    "signatures" => SignatureBenchmark.Run(Console.Out, Seconds(args, 3), cancellation.Token),
    "access-decision" => await AccessDecisionBenchmark.RunAsync(Console.Out, cancellation.Token),
    "gatekeeper-read" => await GatekeeperReadBenchmark.RunAsync(Console.Out, cancellation.Token),
    "fan-out" => await FanOutBenchmark.RunAsync(Console.Out, cancellation.Token),
    "nonce" => await NonceBenchmark.RunAsync(Console.Out, cancellation.Token),
    "backfill" => await BackfillBenchmark.RunAsync(Console.Out, Count(args, BackfillBenchmark.Events), cancellation.Token),
    "freshness" => await FreshnessBenchmark.RunAsync(Console.Out, Count(args, FreshnessBenchmark.Transactions), cancellation.Token),
    "mirror-read" => await MirrorReadBenchmark.RunAsync(Console.Out, cancellation.Token),
    "http-read" => await HttpReadBenchmark.RunAsync(Console.Out, cancellation.Token),
    "receipts" => await ReceiptBenchmark.RunAsync(Console.Out, cancellation.Token),
    "revocation" => await RevocationBenchmark.RunAsync(Console.Out, Count(args, RevocationBenchmark.Samples), cancellation.Token),
    "cluster" => await ClusterBenchmark.RunAsync(Console.Out, Count(args, 3), cancellation.Token),
    "alert-latency" => await AlertLatencyBenchmark.RunAsync(Console.Out, Count(args, AlertLatencyBenchmark.Samples), cancellation.Token),
    "research-aggregate" => await ResearchAggregateBenchmark.RunAsync(Console.Out, Count(args, ResearchAggregateBenchmark.Patients), cancellation.Token),
    _ => Usage(),
};

// An optional second argument scales a figure down for a quick try (the documented figures use the defaults).
static int Count(string[] args, int fallback) => args.Length > 1 && int.TryParse(args[1], out var count) && count > 0 ? count : fallback;

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/MedRec.Bench -- <figure> [count or seconds]");
    Console.Error.WriteLine("  gas                   gas per operation vs the one-contract-per-relationship baseline (issue 2)");
    Console.Error.WriteLine("  backfill [events]     index 100,000 chain events into the mirror grains vs eth_getLogs + decode alone (issue 3)");
    Console.Error.WriteLine("  freshness [txs]       receipt to effect readable from the mirror grains vs by eth_call, p50/p99 (issue 3)");
    Console.Error.WriteLine("  revocation [samples]  revocation receipt to the grant gone from the mirror, 0 vs 3 confirmations, p50/p99 (issue 9)");
    Console.Error.WriteLine("  receipts              decision receipts: sign/verify cost per answer, gatekeeper reads/s with receipts on vs off (issue 9)");
    Console.Error.WriteLine("  mirror-read           access check from the mirror grains vs eth_call: calls/s, p50/p99 (issue 3)");
    Console.Error.WriteLine("  signatures [seconds]  signed-request recoveries/s: Nethereum's default vs ours (issue 4)");
    Console.Error.WriteLine("  access-decision       access decision on the mirror vs eth_call requireAccess: decisions/s, p50/p99 (issue 4)");
    Console.Error.WriteLine("  gatekeeper-read       full gatekeeper read vs the bare PostgreSQL query: p50/p99, reads/s (issue 4)");
    Console.Error.WriteLine("  fan-out               whole-history read over 1, 10 and 50 providers: p50/p99 (issue 4)");
    Console.Error.WriteLine("  nonce                 nonce grain use, fresh vs 5,000 outstanding, memory and PostgreSQL storage (issue 4)");
    Console.Error.WriteLine("  http-read             GET one pointer over HTTP (signed) under load vs the bare PostgreSQL query (issue 5)");
    Console.Error.WriteLine("  cluster [kills]       gatekeeper reads over 1, 2 and 3 silo processes, recovery after SIGKILL, restart vs re-index (issue 7)");
    Console.Error.WriteLine("  alert-latency [n]     publish receipt of the prescription crossing the threshold to the alert on the provider's stream, p50/p99 (issue 8)");
    Console.Error.WriteLine("  [count] scales a figure down for a quick try; the documented figures use the defaults.");
    return 2;
}

static TimeSpan Seconds(string[] args, double fallback) =>
    TimeSpan.FromSeconds(args.Length > 1 && double.TryParse(args[1], System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? seconds : fallback);
