using System.CommandLine;
using System.Globalization;
using MedRec.Grains.Abstractions.Access;
using Spectre.Console;

namespace MedRec.Cli;

/// <summary>`medrec grant` and `medrec revoke`: the signing patient lets a viewer read one pointer at one provider
/// until an expiry, or takes it back.</summary>
internal static class GrantCommand
{
    public static Command BuildGrant(IAnsiConsole console)
    {
        var (viewer, provider, pointer) = GrantOptions();
        var days = new Option<int>("--days") { Description = "How many days the grant lasts.", DefaultValueFactory = _ => 30 };
        var purposes = new Option<string[]>("--purpose")
        {
            Description = $"A purpose of use the grant covers ({string.Join(", ", Purposes.All.Select(p => p.ToWire()))}); repeat for several. Default: all.",
            AllowMultipleArgumentsPerToken = false,
        };
        var options = ApiCommandOptions.ForWrites();
        var command = new Command("grant", "Let a viewer (family member, caregiver, second-opinion physician) read one pointer; signed by the patient.")
        {
            viewer, provider, pointer, days, purposes,
        };
        options.AddTo(command);
        command.SetAction((parse, ct) => CliOutput.GuardAsync(console, async () =>
        {
            var duration = parse.GetValue(days);
            if (duration is < 1 or > 3650) throw new CliError($"--days must be between 1 and 3650, not {duration}.");
            var pointerId = HexArgument.Bytes32(parse.GetValue(pointer)!, "--pointer");
            var named = parse.GetValue(purposes) ?? [];
            if (!Purposes.TryParseSet(named, out var purposeSet, out var unknown))
            {
                throw new CliError($"--purpose {unknown} is not a purpose ({string.Join(", ", Purposes.All.Select(p => p.ToWire()))}).");
            }

            using var api = await options.ConnectAsync(console, parse, "grant access as the patient", ct);
            var viewerAddress = api.Participant(parse.GetValue(viewer)!, "--viewer");
            var providerAddress = api.Participant(parse.GetValue(provider)!, "--provider");
            var expires = DateTimeOffset.UtcNow.AddDays(duration);
            var accepted = await api.Client.GrantAsync(viewerAddress, providerAddress, pointerId, expires, purposeSet.ToWire(), cancellationToken: ct);
            return await api.CompleteWriteAsync(
                $"{api.NameOf(viewerAddress)} may read pointer {pointerId} at {api.NameOf(providerAddress)} until {expires.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC"
                + $" for {(purposeSet == PurposeSet.All ? "every purpose" : string.Join(", ", purposeSet.ToWire()))}",
                accepted, options.Wait(parse), ct);
        }));
        return command;
    }

    public static Command BuildRevoke(IAnsiConsole console)
    {
        var (viewer, provider, pointer) = GrantOptions();
        var options = ApiCommandOptions.ForWrites();
        var command = new Command("revoke", "Take back a viewer's grant of one pointer; signed by the patient.") { viewer, provider, pointer };
        options.AddTo(command);
        command.SetAction((parse, ct) => CliOutput.GuardAsync(console, async () =>
        {
            var pointerId = HexArgument.Bytes32(parse.GetValue(pointer)!, "--pointer");
            using var api = await options.ConnectAsync(console, parse, "revoke access as the patient", ct);
            var viewerAddress = api.Participant(parse.GetValue(viewer)!, "--viewer");
            var providerAddress = api.Participant(parse.GetValue(provider)!, "--provider");
            var accepted = await api.Client.RevokeAsync(providerAddress, pointerId, viewerAddress, cancellationToken: ct);
            return await api.CompleteWriteAsync($"{api.NameOf(viewerAddress)} may no longer read pointer {pointerId} at {api.NameOf(providerAddress)}",
                accepted, options.Wait(parse), ct);
        }));
        return command;
    }

    private static (Option<string> Viewer, Option<string> Provider, Option<string> Pointer) GrantOptions() =>
    (
        new Option<string>("--viewer") { Description = "Who may read (address or demo name).", Required = true },
        new Option<string>("--provider") { Description = "The provider holding the records (address or demo name).", Required = true },
        new Option<string>("--pointer") { Description = "The pointer id (0x + 64 hex; `medrec summary` lists them).", Required = true }
    );
}
