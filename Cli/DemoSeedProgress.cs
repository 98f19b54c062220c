using MedRec.ChainIndexer.Chain;
using MedRec.Grains.Records;
using Spectre.Console;

namespace MedRec.Cli;

/// <summary>Seeds the demo world behind a progress bar: the one seeding path of `medrec dev` and `medrec seed`.</summary>
internal static class DemoSeedProgress
{
    public static async Task<int> SeedAsync(IAnsiConsole console, DemoData demo, Deployment deployment, Func<string, Task> fund,
        IProviderStoreFactory stores, CancellationToken ct)
    {
        var records = await console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Seeding demo data", maxValue: demo.SeedSteps);
                var started = 0;
                var seeded = await demo.SeedAsync(deployment, fund, stores, step =>
                {
                    // A step is reported when it starts: the bar shows the steps done, the description the one running.
                    if (started++ > 0) task.Increment(1);
                    task.Description = Markup.Escape(step);
                }, ct);
                task.Increment(1);
                task.Description = "Demo data seeded";
                return seeded;
            });
        console.MarkupLineInterpolated(
            $"Demo data: {records} synthetic records at {demo.ProviderKeys.Count} providers for {demo.PatientKeys.Count} patients; identities and their dev keys in [blue]{demo.IdentitiesFile}[/] (mode 600).");
        return records;
    }
}
