using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Access;
using MedRec.Grains.Signing;
using MedRec.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using static MedRec.Bench.Measurements;

namespace MedRec.Bench;

/// <summary>
/// Issue 4's finding on the nonce grain: what one use costs on a fresh asker's grain and on one with
/// <see cref="Outstanding"/> nonces outstanding, on the silo's two access stores (memory, the default; PostgreSQL through
/// Orleans' ADO.NET provider, the real deployment's). Next to it, the earlier layout's write, emulated: the whole nonce
/// dictionary of <see cref="Outstanding"/> entries written through the same store on every use, which is what the
/// grain did before it kept its nonces in chunks (the grain call itself, ~20 µs, is not in that row).
/// </summary>
public static class NonceBenchmark
{
    public const int Outstanding = 5_000;
    private const int Calls = 500;
    private const int FreshAskers = 32;

    public static async Task<int> RunAsync(TextWriter output, CancellationToken ct)
    {
        var loadBefore = MachineLoad.Describe();
        await using var postgres = await ThrowawayPostgres.StartAsync();
        var stores = new List<(string Store, Dictionary<string, string?> Settings)>
        {
            ("memory", Settings()),
            ("PostgreSQL (ADO.NET)", Settings(await postgres.CreateDatabaseAsync("nonces"))),
        };

        var rows = new List<(string Store, string What, Run Run)>();
        foreach (var (store, settings) in stores)
        {
            await using var silo = await TestSilo.StartAsync(settings);
            var expiresAt = (ulong)DateTimeOffset.UtcNow.AddMinutes(4).ToUnixTimeSeconds();
            var fresh = Enumerable.Range(0, FreshAskers).Select(_ => silo.Grains.GetGrain<INonceGrain>(NewKey())).ToList();
            // As many untimed uses first: the silo has just started (with PostgreSQL, its membership rows too).
            rows.Add((store, $"a use, {FreshAskers} askers' grains taken in turn (a few dozen nonces each)", await TimeAsync(1, Calls, Calls, async i =>
            {
                if (!await fresh[i % fresh.Count].TryUseAsync(AccessRequestSigner.NewNonce(), expiresAt)) throw new InvalidOperationException("a fresh nonce was refused");
            })));
            Progress.Report($"{store}: fresh askers");

            var busy = silo.Grains.GetGrain<INonceGrain>(NewKey());
            rows.Add((store, $"a use, one asker with {Outstanding:N0} outstanding (filled untimed)", await TimeAsync(1, Outstanding, Calls, async _ =>
            {
                if (!await busy.TryUseAsync(AccessRequestSigner.NewNonce(), expiresAt)) throw new InvalidOperationException("a fresh nonce was refused");
            })));
            Progress.Report($"{store}: {Outstanding:N0} outstanding");

            // The earlier layout's cost: every use wrote the whole dictionary as the grain's one state.
            var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(AccessStorage.Name);
            var grainId = GrainId.Create("medrec-bench-nonce-layout", NewKey());
            var whole = new GrainState<NonceGrain.State>(new NonceGrain.State());
            for (var i = 0; i < Outstanding; i++) whole.State!.Nonces[AccessRequestSigner.NewNonce()] = expiresAt;
            rows.Add((store, $"earlier layout, emulated: the whole state of {Outstanding:N0} nonces written per use", await TimeAsync(1, Calls / 10, Calls, async _ =>
            {
                whole.State!.Nonces[AccessRequestSigner.NewNonce()] = expiresAt;
                await storage.WriteStateAsync("nonces", grainId, whole);
            })));
            Progress.Report($"{store}: earlier layout");
        }

        output.WriteLine($"Nonce grain, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores ({loadBefore} before, " +
                         $"{MachineLoad.Describe()} after): INonceGrain.TryUseAsync from the silo's own client, {Calls:N0} timed uses per row, " +
                         $"chunks of {NonceGrain.ChunkCapacity}.");
        output.WriteLine();
        output.WriteLine("| access store | what | p50 ms | p99 ms | mean ms |");
        output.WriteLine("| --- | --- | ---: | ---: | ---: |");
        foreach (var (store, what, run) in rows)
        {
            output.WriteLine($"| {store} | {what} | {Latencies.Format(run.P50)} | {Latencies.Format(run.P99)} | {Latencies.Format(run.Latencies.Mean)} |");
        }

        return 0;
    }

    private static Dictionary<string, string?> Settings(string? postgres = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Orleans:ClusterId"] = $"bench-{Guid.NewGuid():N}",
            ["Orleans:ServiceId"] = $"medrec-bench-{Guid.NewGuid():N}",
        };
        if (postgres is not null)
        {
            settings["MedRec:Storage:Provider"] = "PostgreSql";
            settings["MedRec:Storage:ConnectionString"] = postgres;
            settings["MedRec:Storage:ApplySchema"] = "true";
        }

        return settings;
    }

    private static string NewKey() => $"{AccessRequestSigner.CreateRandom().Address}:{AccessRequestSigner.CreateRandom().Address}";
}
