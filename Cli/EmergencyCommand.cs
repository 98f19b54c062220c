using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace MedRec.Cli;

/// <summary>`medrec emergency open|list|close`: break-the-glass (docs/adr/0011-break-the-glass.md). A provider opens a
/// time-limited window on a patient with a justification (committed on chain, the text kept by the provider); the
/// patient lists the windows opened on them and closes one early.</summary>
internal static class EmergencyCommand
{
    public static Command Build(IAnsiConsole console)
    {
        var command = new Command("emergency", "Break-the-glass access: a provider opens a time-limited emergency window; the patient lists and closes them.");
        command.Subcommands.Add(BuildOpen(console));
        command.Subcommands.Add(BuildList(console));
        command.Subcommands.Add(BuildClose(console));
        return command;
    }

    private static Command BuildOpen(IAnsiConsole console)
    {
        var patient = new Option<string>("--patient") { Description = "The patient (address or demo name).", Required = true };
        var justification = new Option<string>("--justification") { Description = "Why (1 to 2000 characters); kept off chain, its salted hash goes on chain.", Required = true };
        var minutes = new Option<int>("--minutes") { Description = "How long the window lasts (1 to 1440).", DefaultValueFactory = _ => 60 };
        var options = ApiCommandOptions.ForWrites();
        var command = new Command("open", "Open an emergency window on a patient as the signing provider; every read in it is flagged in the audit and the patient is told.")
        {
            patient, justification, minutes,
        };
        options.AddTo(command);
        command.SetAction((parse, ct) => CliOutput.GuardAsync(console, async () =>
        {
            var duration = parse.GetValue(minutes);
            if (duration is < 1 or > 1440) throw new CliError($"--minutes must be between 1 and 1440, not {duration}.");
            var text = parse.GetValue(justification)!.Trim();
            if (text.Length is < 1 or > 2000) throw new CliError($"--justification must be 1 to 2000 characters, not {text.Length}.");
            using var api = await options.ConnectAsync(console, parse, "open emergency access as the provider", ct);
            var patientAddress = api.Participant(parse.GetValue(patient)!, "--patient");
            var accepted = await api.Client.OpenEmergencyAccessAsync(patientAddress, text, duration, cancellationToken: ct);
            return await api.CompleteWriteAsync($"emergency access to {api.NameOf(patientAddress)} for {duration} min", accepted, options.Wait(parse), ct);
        }));
        return command;
    }

    private static Command BuildList(IAnsiConsole console)
    {
        var options = ApiCommandOptions.ForReads();
        var command = new Command("list", "List every emergency window opened on the signing patient, newest first.");
        options.AddTo(command);
        command.SetAction((parse, ct) => CliOutput.GuardAsync(console, async () =>
        {
            using var api = await options.ConnectAsync(console, parse, "list emergency access as the patient", ct);
            var view = await api.Client.GetEmergencyAccessAsync(cancellationToken: ct);
            var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            var table = new Table().Title($"Emergency access to {Markup.Escape(api.NameOf(view.Patient))} ({view.Windows.Count} windows)")
                .AddColumn("provider").AddColumn("opened (UTC)").AddColumn("until (UTC)").AddColumn("state").AddColumn("justification commitment");
            foreach (var window in view.Windows.Reverse())
            {
                var state = window.ClosedAt != 0 ? $"closed {Time(window.ClosedAt)}" : now < window.ExpiresAt ? "[red]open[/]" : "expired";
                table.AddRow(Markup.Escape(api.NameOf(window.Provider)), Time(window.OpenedAt), Time(window.ExpiresAt), state, window.JustificationCommitment);
            }

            console.Write(table);
            return 0;
        }));
        return command;
    }

    private static Command BuildClose(IAnsiConsole console)
    {
        var provider = new Option<string>("--provider") { Description = "The provider whose open window to close (address or demo name).", Required = true };
        var options = ApiCommandOptions.ForWrites();
        var command = new Command("close", "Close a provider's open emergency window early; signed by the patient.") { provider };
        options.AddTo(command);
        command.SetAction((parse, ct) => CliOutput.GuardAsync(console, async () =>
        {
            using var api = await options.ConnectAsync(console, parse, "close emergency access as the patient", ct);
            var providerAddress = api.Participant(parse.GetValue(provider)!, "--provider");
            var accepted = await api.Client.CloseEmergencyAccessAsync(providerAddress, cancellationToken: ct);
            return await api.CompleteWriteAsync($"emergency access of {api.NameOf(providerAddress)} closed", accepted, options.Wait(parse), ct);
        }));
        return command;
    }

    private static string Time(ulong unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds((long)unixSeconds).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
