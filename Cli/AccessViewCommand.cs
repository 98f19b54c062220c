using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace MedRec.Cli;

/// <summary>`medrec access-view --at T`: who could read what about the signing patient at time T, and who did
/// (GET /api/patients/{patient}/access-view, answered from the mirror's history and the providers' audit).</summary>
internal static class AccessViewCommand
{
    public static Command Build(IAnsiConsole console)
    {
        var at = new Option<string>("--at") { Description = "The time, ISO 8601 (e.g. 2026-12-01T09:00:00Z); now by default." };
        var options = ApiCommandOptions.ForReads();
        var command = new Command("access-view", "Show who could read what about the signing patient at a past time, and who actually did.") { at };
        options.AddTo(command);
        command.SetAction((parse, ct) => CliOutput.GuardAsync(console, async () =>
        {
            var when = parse.GetValue(at) is { } text ? ParseTime(text) : DateTimeOffset.UtcNow;
            using var api = await options.ConnectAsync(console, parse, "read your access view as the patient", ct);
            var view = await api.Client.ReadAccessViewAsync(when, cancellationToken: ct);
            console.MarkupLineInterpolated($"Access to {api.NameOf(view.Patient)} at {Utc(view.At)} UTC: chain block {view.Block} ({Utc(view.BlockTime)} UTC)");
            var table = new Table().AddColumn("provider").AddColumn("status").AddColumn("pointer").AddColumn("version")
                .AddColumn("could read (besides patient and provider)").AddColumn("accesses up to then");
            foreach (var provider in view.Providers)
            {
                foreach (var pointer in provider.Pointers)
                {
                    var viewers = pointer.Viewers.Count == 0
                        ? "-"
                        : string.Join("\n", pointer.Viewers.Select(v => $"{api.NameOf(v.Viewer)} until {Utc(DateTimeOffset.FromUnixTimeSeconds((long)v.ExpiresAt))}"));
                    var accesses = pointer.Accesses.Count == 0
                        ? "-"
                        : string.Join("\n", pointer.Accesses.Select(a => $"{Utc(a.Time)} {api.NameOf(a.Asker)} {(a.Granted ? "granted" : $"denied {a.Reason}")}"));
                    table.AddRow(Markup.Escape(api.NameOf(provider.Provider)), provider.Status.ToString(), pointer.PointerId,
                        pointer.Version.ToString(CultureInfo.InvariantCulture), Markup.Escape(viewers), Markup.Escape(accesses));
                }

                if (provider.OtherAccesses.Count > 0)
                {
                    table.AddRow(Markup.Escape(api.NameOf(provider.Provider)), provider.Status.ToString(), "(all pointers)", "", "",
                        Markup.Escape(string.Join("\n", provider.OtherAccesses.Select(a => $"{Utc(a.Time)} {api.NameOf(a.Asker)} {(a.Granted ? "granted" : $"denied {a.Reason}")}"))));
                }
            }

            console.Write(table);
            foreach (var provider in view.AuditProviders.Where(p => p.Outcome != Grains.Abstractions.Access.ProviderOutcome.Ok))
            {
                console.MarkupLineInterpolated($"[yellow]{api.NameOf(provider.Provider)}'s audit: {provider.Outcome} {provider.Reason}[/]");
            }

            return 0;
        }));
        return command;
    }

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed)
            ? parsed
            : throw new CliError($"--at must be a time in ISO 8601 (e.g. 2026-12-01T09:00:00Z), not '{text}'.");

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
