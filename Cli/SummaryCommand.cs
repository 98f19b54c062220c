using System.CommandLine;
using Spectre.Console;

namespace MedRec.Cli;

/// <summary>`medrec summary`: the signing patient's relationships with their status, pointers and grants, as mirrored;
/// where the pointer ids for `medrec grant` and `medrec read --pointer` come from.</summary>
internal static class SummaryCommand
{
    public static Command Build(IAnsiConsole console)
    {
        var options = ApiCommandOptions.ForReads();
        var command = new Command("summary", "Show the signing patient's relationships, pointers and grants.");
        options.AddTo(command);
        command.SetAction((parse, ct) => CliOutput.GuardAsync(console, async () =>
        {
            using var api = await options.ConnectAsync(console, parse, "read your summary as the patient", ct);
            var summary = await api.Client.GetSummaryAsync(cancellationToken: ct);
            console.MarkupLineInterpolated($"[bold]{api.NameOf(summary.Patient)}[/] ({summary.Patient}): research consent {(summary.ResearchConsent ? "yes" : "no")}");
            foreach (var relationship in summary.Relationships)
            {
                // One table per relationship: the pointer ids are long, and are what `medrec grant` and `read` take.
                var table = new Table().Title($"{Markup.Escape(api.NameOf(relationship.Provider))}: {relationship.Status}")
                    .AddColumn(new TableColumn("version").RightAligned()).AddColumn("granted to").AddColumn("pointer");
                foreach (var pointer in relationship.Pointers)
                {
                    var viewers = relationship.Grants.Where(g => g.PointerId == pointer.PointerId).Select(g => api.NameOf(g.Viewer));
                    table.AddRow(pointer.Version.ToString(), Markup.Escape(string.Join(", ", viewers)), pointer.PointerId);
                }

                console.Write(table);
            }
            return 0;
        }));
        return command;
    }
}
