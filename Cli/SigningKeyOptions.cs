using System.CommandLine;
using Nethereum.Signer;

namespace MedRec.Cli;

/// <summary>
/// Whose key signs a command: <c>--as</c> a demo identity (from the dev system's identities file), <c>--key-file</c>
/// (a file holding a hex private key), or the <see cref="KeyVariable"/> environment variable. Keys are never taken from
/// the command line itself, where shell history and process lists would keep them, and never printed.
/// </summary>
internal sealed class SigningKeyOptions
{
    public const string KeyVariable = "MEDREC_PRIVATE_KEY";

    public Option<string?> As { get; } = new("--as") { Description = "Sign as this demo identity (name, start of a name, or address) from the identities file." };

    public Option<string?> KeyFile { get; } = new("--key-file") { Description = $"A file holding the signer's private key (hex). Without --as or --key-file, {KeyVariable} is used." };

    public Option<string> Identities { get; } = new("--identities")
    {
        Description = "The dev system's identities file, read by --as.",
        DefaultValueFactory = _ => DemoIdentities.FileIn(".medrec"),
    };

    public void AddTo(Command command)
    {
        command.Options.Add(As);
        command.Options.Add(KeyFile);
        command.Options.Add(Identities);
    }

    /// <summary>The signer chosen on the command line; <paramref name="purpose"/> completes "a key to ...".</summary>
    public async Task<SigningKey> ReadAsync(ParseResult parse, string purpose, CancellationToken ct)
    {
        var name = parse.GetValue(As);
        var keyFile = parse.GetValue(KeyFile);
        if (name is not null && keyFile is not null) throw new CliError("Give either --as or --key-file, not both.");
        if (name is not null)
        {
            var identity = DemoIdentities.Find(await DemoIdentities.ReadAsync(parse.GetValue(Identities)!, ct), name);
            return new SigningKey($"{identity.Name} ({identity.Role})", ParseKey(identity.PrivateKey, $"the key of {identity.Name}"));
        }

        if (keyFile is not null)
        {
            if (!File.Exists(keyFile)) throw new CliError($"--key-file: no file at '{keyFile}'.");
            var key = ParseKey((await File.ReadAllTextAsync(keyFile, ct)).Trim(), $"--key-file '{keyFile}'");
            return new SigningKey(key.GetPublicAddress().ToLowerInvariant(), key);
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(KeyVariable);
        if (string.IsNullOrWhiteSpace(fromEnvironment))
        {
            throw new CliError($"Say who signs: --as <demo identity>, --key-file <file> or {KeyVariable} (a key to {purpose}).");
        }

        var environmentKey = ParseKey(fromEnvironment.Trim(), KeyVariable);
        return new SigningKey(environmentKey.GetPublicAddress().ToLowerInvariant(), environmentKey);
    }

    private static EthECKey ParseKey(string hex, string name) => new(HexArgument.ParseBytes(hex, 32, name), true);
}
