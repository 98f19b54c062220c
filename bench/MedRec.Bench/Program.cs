using MedRec.Bench;

// Figures for docs/benchmarks.md. Each subcommand starts what it needs (its own anvil) and prints a table.
return args.FirstOrDefault() switch
{
    "gas" => await GasBenchmark.RunAsync(),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: dotnet run -c Release --project bench/MedRec.Bench -- gas");
    return 2;
}
