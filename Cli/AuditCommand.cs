using System.CommandLine;
using System.Globalization;
using MedRec.Grains.Abstractions.Access;
using Spectre.Console;

namespace MedRec.Cli;

/// <summary>`medrec audit`: the signing patient's audit trail across providers: every access, granted or denied.</summary>
internal static class AuditCommand
{
    public static Command Build(IAnsiConsole console)
    {
        var options = ApiCommandOptions.ForReads();
        var command = new Command("audit", "Show who read the signing patient's records, granted or denied, across every provider.");
        options.AddTo(command);
        command.SetAction((parse, ct) => CliOutput.GuardAsync(console, async () =>
        {
            using var api = await options.ConnectAsync(console, parse, "read your audit trail as the patient", ct);
            var answer = await api.Client.ReadAuditAsync(cancellationToken: ct);
            var table = new Table().Title($"Audit trail of {Markup.Escape(api.NameOf(answer.Patient))} ({answer.Entries.Count} entries, newest first)")
                .AddColumn(new TableColumn("id").NoWrap()).AddColumn("time (UTC)").AddColumn("provider").AddColumn("asker").AddColumn("action").AddColumn("pointer").AddColumn("purpose").AddColumn("decision");
            foreach (var entry in answer.Entries)
            {
                table.AddRow(
                    Markup.Escape(ShortId(entry.Id)),
                    entry.Time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    Markup.Escape(api.NameOf(entry.Provider)),
                    Markup.Escape(api.NameOf(entry.Asker)),
                    entry.Action == AccessAction.ReadAudit ? "read audit" : "read",
                    entry.PointerId == AccessRequest.ZeroPointer ? "(all)" : Short(entry.PointerId),
                    Markup.Escape(entry.Purpose),
                    entry.Granted ? "[green]granted[/]" : $"[red]denied[/] {Markup.Escape(entry.Reason)}");
            }

            console.Write(table);
            foreach (var provider in answer.Providers.Where(p => p.Outcome != ProviderOutcome.Ok))
            {
                console.MarkupLineInterpolated($"[yellow]{api.NameOf(provider.Provider)}: {provider.Outcome} {provider.Reason}[/]");
            }

            return 0;
        }));
        return command;
    }

    /// <summary>The first characters of an entry id, enough to name it: `medrec audit-proof --entry` takes a unique prefix.</summary>
    public static string ShortId(string id) => id.Length > IdPrefixLength ? id[..IdPrefixLength] : id;

    public const int IdPrefixLength = 12;

    private static string Short(string pointerId) => pointerId.Length > 14 ? $"{pointerId[..10]}…{pointerId[^4..]}" : pointerId;
}
