using System.CommandLine;
using Spectre.Console;

namespace MedRec.Cli;

/// <summary>The options every command over HTTP shares: the API's URL, the signer, and (for writes) --no-wait.</summary>
internal sealed class ApiCommandOptions
{
    public const string DefaultApi = "http://127.0.0.1:5080";

    private ApiCommandOptions(bool writes)
    {
        NoWait = writes ? new Option<bool>("--no-wait") { Description = "Return once the transaction is sent, without waiting until the mirror applied it." } : null;
    }

    public Option<string> Api { get; } = new("--api") { Description = "The MedRec API.", DefaultValueFactory = _ => DefaultApi };

    public SigningKeyOptions Signer { get; } = new();

    public Option<bool>? NoWait { get; }

    public static ApiCommandOptions ForReads() => new(writes: false);

    public static ApiCommandOptions ForWrites() => new(writes: true);

    public void AddTo(Command command)
    {
        command.Options.Add(Api);
        Signer.AddTo(command);
        if (NoWait is not null) command.Options.Add(NoWait);
    }

    public bool Wait(ParseResult parse) => NoWait is null || !parse.GetValue(NoWait);

    /// <summary>A session with the API signed by the chosen key; <paramref name="purpose"/> completes "a key to ...".</summary>
    public async Task<ApiSession> ConnectAsync(IAnsiConsole console, ParseResult parse, string purpose, CancellationToken ct)
    {
        var api = parse.GetValue(Api)!;
        if (!Uri.TryCreate(api, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            throw new CliError($"--api must be an http(s) URL, not '{api}'.");
        }

        var signer = await Signer.ReadAsync(parse, purpose, ct);
        var identities = File.Exists(parse.GetValue(Signer.Identities)) ? await DemoIdentities.ReadAsync(parse.GetValue(Signer.Identities)!, ct) : [];
        return new ApiSession(console, uri, signer, identities);
    }
}
