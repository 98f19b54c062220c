using MedRec.ChainIndexer.Chain;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Mirror;
using Spectre.Console;

namespace MedRec.Cli;

/// <summary>Shows that the seeded dev system works: the first patient's whole history, read through the gatekeepers
/// with a request signed by the patient's key.</summary>
internal static class DemoHistory
{
    public static async Task ShowAsync(IAnsiConsole console, DemoData demo, Deployment deployment, IGrainFactory grains, CancellationToken ct)
    {
        var patient = DemoData.Address(demo.PatientKeys[0]);
        var firstProvider = DemoData.Address(demo.ProviderKeys[0]);
        await WaitForMirrorAsync(grains.Relationship(patient, firstProvider), ct);

        var history = await grains.GetGrain<IHistoryGrain>(0).ReadHistoryAsync(demo.HistoryRequest(deployment));
        var table = new Table().Title($"Whole history of demo patient {Markup.Escape(demo.NameOf(patient))}")
            .AddColumn("provider").AddColumn("outcome").AddColumn(new TableColumn("records").RightAligned());
        foreach (var answer in history.Providers)
        {
            table.AddRow(Markup.Escape(demo.NameOf(answer.Provider)), answer.Outcome.ToString(), answer.Pointers.Sum(p => p.RecordCount).ToString());
        }

        console.Write(table);
    }

    /// <summary>The seed ends with the viewer's grant: once the mirror shows it, it shows everything before it.</summary>
    private static async Task WaitForMirrorAsync(IRelationshipGrain relationship, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await relationship.GetAsync()).Grants.Count == 0)
        {
            if (DateTime.UtcNow > deadline) throw new CliError("The mirror did not catch up with the demo data within 60 s.");
            await Task.Delay(50, ct);
        }
    }
}
