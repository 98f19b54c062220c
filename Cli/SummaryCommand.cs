using System.CommandLine;
using MedRec.Grains.Abstractions.Access;
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
                console.MarkupLineInterpolated($"[bold]{api.NameOf(relationship.Provider)}[/] ({relationship.Provider}): {relationship.Status}");
                // Lines, not a table: a pointer id (66 characters) is what `medrec grant` and `read` take, so it must stay
                // whole and copyable on an 80-column terminal.
                foreach (var pointer in relationship.Pointers)
                {
                    var viewers = relationship.Grants.Where(g => g.PointerId == pointer.PointerId)
                        .Select(g => api.NameOf(g.Viewer) + (g.Purposes == PurposeSet.All ? "" : $" ({string.Join(", ", g.Purposes.ToWire())})"))
                        .ToList();
                    console.MarkupLineInterpolated($"  {pointer.PointerId} v{pointer.Version}{(viewers.Count > 0 ? " granted to " + string.Join(", ", viewers) : "")}");
                }
            }
            return 0;
        }));
        return command;
    }
}
