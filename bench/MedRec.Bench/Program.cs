using MedRec.Bench;

// The figures of docs/benchmarks.md, one subcommand each. Every subcommand starts what it needs (its own anvil) and
// prints a markdown table to stdout.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };

return args.FirstOrDefault() switch
{
    "gas" => await GasBenchmark.RunAsync(Console.Out, cancellation.Token),
    "signatures" => SignatureBenchmark.Run(Console.Out, Seconds(args, 3), cancellation.Token),
    "access" => await AccessBenchmark.RunAsync(Console.Out, cancellation.Token),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/MedRec.Bench -- <figure>");
    Console.Error.WriteLine("  gas                   gas per operation vs the one-contract-per-relationship baseline (issue 2)");
    Console.Error.WriteLine("  signatures [seconds]  signed-request recoveries/s: Nethereum's default vs ours (issue 4)");
    Console.Error.WriteLine("  access                access decision, gatekeeper read and fan-out over 1/10/50 providers (issue 4)");
    return 2;
}

static TimeSpan Seconds(string[] args, double fallback) =>
    TimeSpan.FromSeconds(args.Length > 1 && double.TryParse(args[1], System.Globalization.CultureInfo.InvariantCulture, out var seconds) ? seconds : fallback);
