using MedRec.ChainIndexer.Chain;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Mirror;
using MedRec.Grains.Records;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace MedRec.Cli;

/// <summary>Seeds the dev system's demo data and shows that it works: the first patient's whole history, read through
/// the gatekeepers with a request signed by the patient's key.</summary>
internal static class DemoHistory
{
    public static async Task SeedAndShowAsync(IAnsiConsole console, DemoData demo, AnvilNode node, Deployment deployment,
        ParticipantClient root, IServiceProvider silo, CancellationToken ct)
    {
        var stores = silo.GetRequiredService<IProviderStoreFactory>();
        var grains = silo.GetRequiredService<IGrainFactory>();
        var records = await console.Status().StartAsync("Seeding demo data (synthetic FHIR records)...",
            _ => demo.SeedAsync(node, deployment, root, stores, line => console.MarkupLineInterpolated($"  {line}"), ct));
        console.MarkupLineInterpolated($"Demo data: {records} synthetic records at {demo.ProviderKeys.Count} providers for {demo.PatientKeys.Count} patients; identities and their dev keys in [blue]{demo.IdentitiesFile}[/].");

        var patient = DemoData.Address(demo.PatientKeys[0]);
        var firstProvider = DemoData.Address(demo.ProviderKeys[0]);
        await WaitForMirrorAsync(grains.Relationship(patient, firstProvider), ct);

        var history = await grains.GetGrain<IHistoryGrain>(0).ReadHistoryAsync(demo.HistoryRequest(deployment));
        var table = new Table().Title($"Whole history of demo patient {patient}").AddColumn("provider").AddColumn("outcome").AddColumn(new TableColumn("records").RightAligned());
        foreach (var answer in history.Providers)
        {
            table.AddRow(Markup.Escape(demo.ProviderName(answer.Provider)), answer.Outcome.ToString(), answer.Pointers.Sum(p => p.RecordCount).ToString());
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
