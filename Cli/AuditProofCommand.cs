using System.CommandLine;
using System.Text.Json;
using MedRec.Host.Api;
using Spectre.Console;

namespace MedRec.Cli;

/// <summary>`medrec audit-proof`: fetches an audit entry about the signing patient with its Merkle inclusion proof and
/// saves it for `medrec verify-audit-proof` (docs/adr/0010-audit-anchors.md).</summary>
internal static class AuditProofCommand
{
    public static Command Build(IAnsiConsole console)
    {
        var entry = new Option<string>("--entry") { Description = "The audit entry's id, or a unique start of it (`medrec audit` lists them).", Required = true };
        var output = new Option<string>("--out") { Description = "Where to write the proof (JSON).", Required = true };
        var options = ApiCommandOptions.ForReads();
        var command = new Command("audit-proof", "Fetch an audit entry about the signing patient with its inclusion proof under the provider's anchored root, and save it.")
        {
            entry, output,
        };
        options.AddTo(command);
        command.SetAction((parse, ct) => CliOutput.GuardAsync(console, async () =>
        {
            var entryId = parse.GetValue(entry)!.Trim();
            if (entryId.Length == 0) throw new CliError("--entry must name an audit entry id.");
            var path = parse.GetValue(output)!;
            var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
            if (!Directory.Exists(directory)) throw new CliError($"--out: the folder '{directory}' does not exist.");
            using var api = await options.ConnectAsync(console, parse, "read your audit proofs as the patient", ct);
            entryId = await ResolveAsync(api, entryId, ct);
            var proof = await api.Client.ReadAuditProofAsync(entryId, cancellationToken: ct);
            await File.WriteAllTextAsync(path, JsonSerializer.Serialize(proof, ApiJson.Options), ct);
            console.MarkupLineInterpolated(
                $"proof of entry {entryId} ({proof.Path.Count} steps, anchor at block {proof.Anchor.BlockNumber}) written to {path}; check it with `medrec verify-audit-proof --file {path}`");
            return 0;
        }));
        return command;
    }

    /// <summary>A whole entry id as given, or the one entry among the newest 1,000 per provider whose id starts with the
    /// given prefix (`medrec audit` shows <see cref="AuditCommand.IdPrefixLength"/> characters).</summary>
    private static async Task<string> ResolveAsync(ApiSession api, string given, CancellationToken ct)
    {
        if (given.Length >= 32) return given;
        var matches = (await api.Client.ReadAuditAsync(limit: 1000, cancellationToken: ct)).Entries
            .Select(e => e.Id).Where(id => id.StartsWith(given, StringComparison.OrdinalIgnoreCase)).Distinct().ToList();
        return matches switch
        {
            [var one] => one,
            [] => throw new CliError($"--entry: no audit entry about you has an id starting with '{given}' (`medrec audit` lists them)."),
            _ => throw new CliError($"--entry: '{given}' starts {matches.Count} entry ids; give more characters."),
        };
    }
}
