using MedRec.Host.Api.Client;
using MedRec.Host.Api.Contracts;
using Spectre.Console;

namespace MedRec.Cli;

/// <summary>One command's conversation with the API: the signed client, the signer, and the demo identities (when the
/// identities file is there) so that addresses can be given and shown as names.</summary>
internal sealed class ApiSession : IDisposable
{
    /// <summary>How long a write waits for the mirror in total; each status request holds at most the API's 30 s.</summary>
    private static readonly TimeSpan WriteDeadline = TimeSpan.FromSeconds(120);

    private readonly IAnsiConsole _console;
    private readonly HttpClient _http;
    private readonly IReadOnlyList<DemoIdentity> _identities;

    public ApiSession(IAnsiConsole console, Uri api, SigningKey signer, IReadOnlyList<DemoIdentity> identities)
    {
        _console = console;
        _identities = identities;
        Signer = signer;
        _http = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(60) };
        Client = new MedRecApiClient(_http, signer.Key);
    }

    public MedRecApiClient Client { get; }

    public SigningKey Signer { get; }

    /// <summary>An address given as an address, or as a demo identity's name.</summary>
    public string Participant(string value, string option)
    {
        var trimmed = value.Trim();
        if (trimmed.StartsWith("0x", StringComparison.OrdinalIgnoreCase)) return HexArgument.Address(trimmed, option);
        if (_identities.Count == 0) throw new CliError($"{option} must be an address (0x followed by 40 hex digits), not '{value}' (names need the identities file).");
        try
        {
            return DemoIdentities.Find(_identities, trimmed).Address;
        }
        catch (CliError error)
        {
            throw new CliError($"{option}: {error.Message}");
        }
    }

    /// <summary>A demo identity's name for an address, else the address.</summary>
    public string NameOf(string address) =>
        _identities.FirstOrDefault(i => string.Equals(i.Address, address, StringComparison.OrdinalIgnoreCase))?.Name ?? address;

    /// <summary>Shows a sent write and, unless <paramref name="wait"/> is off, waits until the mirror applied it.</summary>
    public async Task<int> CompleteWriteAsync(string what, OperationAccepted accepted, bool wait, CancellationToken ct)
    {
        if (!wait)
        {
            WriteOperation(what, new OperationStatus(accepted.OperationId, accepted.Status, null, null));
            return 0;
        }

        OperationStatus status;
        try
        {
            status = await _console.Status().StartAsync($"{Markup.Escape(what)}: waiting for the mirror...",
                _ => Client.WaitForAppliedAsync(accepted, WriteDeadline, ct));
        }
        catch (MedRecOperationFailedException failed)
        {
            WriteOperation(what, failed.Status);
            throw new CliError($"refused by the contract: {failed.Status.Error}", 3);
        }

        WriteOperation(what, status);
        return 0;
    }

    private void WriteOperation(string what, OperationStatus status)
    {
        var color = status.Status switch { OperationStatuses.Applied => "green", OperationStatuses.Failed => "red", _ => "yellow" };
        _console.MarkupLineInterpolated($"{what}: [{color}]{status.Status}[/] (operation {status.OperationId}{(status.Block is { } block ? $", block {block}" : "")})");
    }

    public void Dispose() => _http.Dispose();
}
