using System.CommandLine;
using MedRec.Grains.Abstractions.Access;
using MedRec.Host.Api.Client;
using Spectre.Console;

namespace MedRec.Cli;

/// <summary>`medrec read`: records through the gatekeepers, signed by the asker: one pointer, everything the asker may
/// see at one provider, or (--history) the patient's whole history across providers.</summary>
internal static class ReadCommand
{
    public static Command Build(IAnsiConsole console)
    {
        var patient = new Option<string?>("--patient") { Description = "Whose records (address or demo name); the signer by default." };
        var provider = new Option<string?>("--provider") { Description = "At which provider (address or demo name)." };
        var pointer = new Option<string?>("--pointer") { Description = "One pointer (0x + 64 hex) at --provider." };
        var history = new Option<bool>("--history") { Description = "The whole history: every provider in the patient's summary." };
        var purpose = new Option<string?>("--purpose")
        {
            Description = $"Why you read, signed into the request ({string.Join(", ", Purposes.All.Select(p => p.ToWire()))}); "
                + "by default patient-request when the patient reads their own records, treatment otherwise; emergency for a break-the-glass read.",
        };
        var save = new Option<string?>("--save") { Description = "Also write the FHIR bundle(s) to this JSON file." };
        var saveReceipt = new Option<string?>("--save-receipt")
        {
            Description = "Also write the providers' signed decision receipt(s) to this JSON file (check it with medrec verify-receipt); a denial's too.",
        };
        var options = ApiCommandOptions.ForReads();
        var command = new Command("read", "Read records through the gatekeepers, signed by the asker (the patient or a granted viewer).")
        {
            patient, provider, pointer, history, purpose, save, saveReceipt,
        };
        options.AddTo(command);
        command.SetAction((parse, ct) => CliOutput.GuardAsync(console, async () =>
        {
            var wholeHistory = parse.GetValue(history);
            if (wholeHistory == (parse.GetValue(provider) is not null))
            {
                throw new CliError("Give either --provider (with --pointer for one pointer) or --history.");
            }

            var pointerId = parse.GetValue(pointer) is { } given ? HexArgument.Bytes32(given, "--pointer") : null;
            Purpose? declared = null;
            if (parse.GetValue(purpose) is { } named)
            {
                declared = Purposes.TryParse(named.Trim().ToLowerInvariant(), out var parsed)
                    ? parsed
                    : throw new CliError($"--purpose '{named}' is not a purpose; use one of {string.Join(", ", Purposes.All.Select(p => p.ToWire()))}.");
            }

            using var api = await options.ConnectAsync(console, parse, "sign the read as the asker", ct);
            var patientAddress = parse.GetValue(patient) is { } whose ? api.Participant(whose, "--patient") : api.Signer.Address;
            IReadOnlyList<string> bundles;
            var receiptFile = parse.GetValue(saveReceipt);
            IReadOnlyList<DecisionReceipt?> receipts;
            if (wholeHistory)
            {
                var answer = await api.Client.ReadHistoryAsync(patientAddress, declared, ct);
                receipts = [.. answer.Providers.Select(p => p.Receipt)];
                var table = new Table().Title($"Whole history of {Markup.Escape(api.NameOf(patientAddress))}, read by {Markup.Escape(api.NameOf(api.Signer.Address))}")
                    .AddColumn("provider").AddColumn("outcome").AddColumn("reason").AddColumn(new TableColumn("records").RightAligned());
                foreach (var provided in answer.Providers)
                {
                    table.AddRow(Markup.Escape(api.NameOf(provided.Provider)), Outcome(provided.Outcome), Markup.Escape(provided.Reason ?? ""),
                        provided.Pointers.Sum(p => p.RecordCount).ToString());
                }

                console.Write(table);
                bundles = [answer.BundleJson];
            }
            else
            {
                var providerAddress = api.Participant(parse.GetValue(provider)!, "--provider");
                GatekeeperAnswer answer;
                try
                {
                    answer = pointerId is null
                        ? await api.Client.ReadProviderRecordsAsync(patientAddress, providerAddress, declared, ct)
                        : await api.Client.ReadPointerAsync(patientAddress, providerAddress, pointerId, declared, ct);
                }
                catch (MedRecApiException refused) when (receiptFile is not null && ReceiptFile.FromProblem(refused.Body) is { } denial)
                {
                    // The denial is still reported (and exits non-zero); its receipt proves what the provider decided.
                    await ReceiptFile.WriteAsync(receiptFile, [denial], ct);
                    console.MarkupLineInterpolated($"Decision receipt of the denial written to [blue]{receiptFile}[/].");
                    throw;
                }

                receipts = [answer.Receipt];
                var table = new Table().Title($"{Markup.Escape(api.NameOf(patientAddress))} at {Markup.Escape(api.NameOf(providerAddress))}: {Outcome(answer.Outcome)}")
                    .AddColumn("integrity").AddColumn(new TableColumn("records").RightAligned()).AddColumn(new TableColumn("version").RightAligned())
                    .AddColumn("pointer");
                foreach (var answered in answer.Pointers)
                {
                    table.AddRow(Verdict(answered.Verdict), answered.RecordCount.ToString(), answered.Version.ToString(), answered.PointerId);
                }

                console.Write(table);
                bundles = [.. answer.Pointers.Select(p => p.BundleJson)];
            }

            if (receiptFile is not null)
            {
                var signed = receipts.OfType<DecisionReceipt>().ToList();
                if (signed.Count > 0)
                {
                    await ReceiptFile.WriteAsync(receiptFile, signed, ct);
                    console.MarkupLineInterpolated($"{signed.Count} decision receipt(s) written to [blue]{receiptFile}[/].");
                }

                if (signed.Count < receipts.Count)
                {
                    console.MarkupLineInterpolated($"[yellow]{receipts.Count - signed.Count} answer(s) came without a receipt[/] (a provider without a signing key, receipts off, or no decision on the mirror).");
                }
            }

            var records = FhirBundleTable.Build("Records", bundles);
            if (records.Rows.Count > 0) console.Write(records);
            else console.MarkupLine("No records.");
            if (parse.GetValue(save) is { } file)
            {
                await File.WriteAllTextAsync(file, bundles.Count == 1 ? bundles[0] : $"[{string.Join(",", bundles)}]", ct);
                console.MarkupLineInterpolated($"FHIR bundle{(bundles.Count == 1 ? "" : "s")} written to [blue]{file}[/].");
            }

            return 0;
        }));
        return command;
    }

    private static string Outcome(ProviderOutcome outcome) => outcome switch
    {
        ProviderOutcome.Ok => "[green]ok[/]",
        ProviderOutcome.Denied => "[red]denied[/]",
        ProviderOutcome.IntegrityFailed => "[red]integrity failed[/]",
        _ => $"[yellow]{outcome}[/]",
    };

    private static string Verdict(IntegrityVerdict verdict) =>
        verdict == IntegrityVerdict.Verified ? "[green]verified[/]" : $"[red]{Markup.Escape(verdict.ToString())}[/]";
}
