using MedRec.Cli;
using Nethereum.Signer;

namespace MedRec.IntegrationTests;

/// <summary>Bad command lines end with one clear message and a non-zero exit, before anything is written or sent.</summary>
public sealed class CliArgumentTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("medrec-cli-args-").FullName;

    private string IdentitiesFile => DemoIdentities.FileIn(_directory);

    [Fact]
    public async Task Parse_errors_are_a_message_on_the_console_and_exit_code_2()
    {
        var (exitCode, output) = await CliRun.RunAsync(["seed", "--no-such-option"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("error: Unrecognized command or argument '--no-such-option'", output);
        Assert.Contains("medrec seed --help", output);
    }

    [Fact]
    public async Task A_command_that_signs_says_how_to_choose_the_signer_when_none_is_given()
    {
        var (exitCode, output) = await CliRun.RunAsync(["seed", "--data-dir", _directory],
            new Dictionary<string, string?> { [SigningKeyOptions.KeyVariable] = null });

        Assert.Equal(2, exitCode);
        Assert.Contains($"--as <demo identity>, --key-file <file> or {SigningKeyOptions.KeyVariable}", output);
        Assert.False(File.Exists(IdentitiesFile), "nothing is seeded without a signer");
    }

    [Fact]
    public async Task A_malformed_key_is_refused_without_echoing_it()
    {
        const string malformed = "0xnot-a-key-but-a-secret-anyway";
        var (exitCode, output) = await CliRun.RunAsync(["seed", "--data-dir", _directory],
            new Dictionary<string, string?> { [SigningKeyOptions.KeyVariable] = malformed });

        Assert.Equal(2, exitCode);
        Assert.Contains($"{SigningKeyOptions.KeyVariable} must be 32 bytes as hex", output);
        Assert.DoesNotContain("secret", output);
    }

    [Fact]
    public async Task As_and_key_file_together_are_refused()
    {
        var (exitCode, output) = await CliRun.RunAsync(["seed", "--data-dir", _directory, "--as", "certifier", "--key-file", "key.txt"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("Give either --as or --key-file, not both.", output);
    }

    [Fact]
    public async Task An_unknown_or_ambiguous_demo_identity_is_refused_with_the_known_names_and_no_keys()
    {
        var identities = new[]
        {
            new DemoIdentity(DemoIdentity.Patient, "Anna Smith", "0x" + new string('a', 40), Key()),
            new DemoIdentity(DemoIdentity.Patient, "Anna Jones", "0x" + new string('b', 40), Key()),
        };
        var file = Path.Combine(_directory, "identities.json");
        await DemoIdentities.WriteAsync(file, identities, CancellationToken.None);
        var seedDirectory = Path.Combine(_directory, "seed");

        var (unknownExit, unknownOutput) = await CliRun.RunAsync(["seed", "--data-dir", seedDirectory, "--identities", file, "--as", "bob"]);
        var (ambiguousExit, ambiguousOutput) = await CliRun.RunAsync(["seed", "--data-dir", seedDirectory, "--identities", file, "--as", "anna"]);

        Assert.Equal(2, unknownExit);
        Assert.Contains("No demo identity is called 'bob'. Known: Anna Smith (patient), Anna Jones (patient).", unknownOutput);
        Assert.Equal(2, ambiguousExit);
        Assert.Contains("'anna' names 2 demo identities (Anna Smith, Anna Jones)", ambiguousOutput);
        foreach (var identity in identities)
        {
            Assert.DoesNotContain(identity.PrivateKey[2..], unknownOutput + ambiguousOutput, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact]
    public async Task Seed_keeps_an_existing_identities_file_unless_told_to_replace_it()
    {
        await File.WriteAllTextAsync(IdentitiesFile, "[]");

        var (exitCode, output) = await CliRun.RunAsync(["seed", "--data-dir", _directory, "--as", "certifier"]);

        Assert.Equal(2, exitCode);
        Assert.Contains("already exists (a dev system may be using it). Pass --replace", output);
        Assert.Equal("[]", await File.ReadAllTextAsync(IdentitiesFile));
    }

    [Fact]
    public async Task The_identities_file_is_readable_by_its_owner_only()
    {
        await DemoIdentities.WriteAsync(IdentitiesFile, [new DemoIdentity(DemoIdentity.Viewer, "v", "0x" + new string('c', 40), Key())], CancellationToken.None);

        Assert.True(File.Exists(IdentitiesFile));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(IdentitiesFile));
    }

    [Theory]
    [InlineData(new[] { "grant", "--as", "x" }, "Option '--viewer' is required.")]
    [InlineData(new[] { "read", "--as", "x" }, "Give either --provider (with --pointer for one pointer) or --history.")]
    [InlineData(new[] { "read", "--as", "x", "--history", "--provider", "p" }, "Give either --provider (with --pointer for one pointer) or --history.")]
    [InlineData(new[] { "read", "--as", "x", "--provider", "p", "--pointer", "0x1234" }, "--pointer must be 32 bytes as hex")]
    [InlineData(new[] { "read", "--as", "x", "--history", "--purpose", "curiosity" }, "--purpose 'curiosity' is not a purpose; use one of treatment, payment, operations, research, emergency, patient-request.")]
    [InlineData(new[] { "grant", "--viewer", "v", "--provider", "p", "--pointer", "0x01", "--as", "x" }, "--pointer must be 32 bytes as hex")]
    [InlineData(new[] { "grant", "--viewer", "v", "--provider", "p", "--pointer", "0x1111111111111111111111111111111111111111111111111111111111111111", "--days", "0" }, "--days must be between 1 and 3650")]
    [InlineData(new[] { "grant", "--viewer", "v", "--provider", "p", "--pointer", "0x1111111111111111111111111111111111111111111111111111111111111111", "--purpose", "gossip" }, "--purpose gossip is not a purpose")]
    [InlineData(new[] { "publish", "--file", "f.json", "--as", "x" }, "Give either --patient (the signer is a provider) or --patient-reported")]
    [InlineData(new[] { "publish", "--file", "f.json", "--patient", "p", "--patient-reported" }, "Give either --patient (the signer is a provider) or --patient-reported")]
    [InlineData(new[] { "publish", "--file", "no-such-file.json", "--patient-reported" }, "--file: no file at 'no-such-file.json'.")]
    [InlineData(new[] { "audit", "--api", "ftp://example.org" }, "--api must be an http(s) URL, not 'ftp://example.org'.")]
    [InlineData(new[] { "register", "provider", "--provider", "p", "--identity", "i", "--endpoint", "http://plain.example.org" }, "--endpoint must be an https URL")]
    public async Task Commands_over_http_refuse_bad_arguments_before_sending_anything(string[] args, string expected)
    {
        var (exitCode, output) = await CliRun.RunAsync([.. args, "--identities", IdentitiesFile]);

        Assert.Equal(2, exitCode);
        Assert.Contains(expected, output);
    }

    [Fact]
    public async Task A_file_that_is_not_fhir_json_is_refused()
    {
        var notJson = Path.Combine(_directory, "records.json");
        await File.WriteAllTextAsync(notJson, "resourceType: Observation");
        var noType = Path.Combine(_directory, "no-type.json");
        await File.WriteAllTextAsync(noType, """[{"resourceType":"Observation"},{"id":"x"}]""");

        var (notJsonExit, notJsonOutput) = await CliRun.RunAsync(["publish", "--file", notJson, "--patient-reported"]);
        var (noTypeExit, noTypeOutput) = await CliRun.RunAsync(["publish", "--file", noType, "--patient-reported"]);

        Assert.Equal(2, notJsonExit);
        Assert.Contains("is not JSON", notJsonOutput);
        Assert.Equal(2, noTypeExit);
        Assert.Contains("resource 2 has no resourceType", noTypeOutput);
    }

    [Fact]
    public async Task An_unreachable_api_is_a_message_and_exit_code_4()
    {
        var keyFile = Path.Combine(_directory, "key.txt");
        await File.WriteAllTextAsync(keyFile, Key());

        // Port 1 on loopback: nothing listens there, so the connection is refused at once.
        var (exitCode, output) = await CliRun.RunAsync(["audit", "--api", "http://127.0.0.1:1", "--key-file", keyFile]);

        Assert.Equal(4, exitCode);
        Assert.Contains("Is the API running", output);
    }

    private static string Key() => "0x" + Convert.ToHexStringLower(EthECKey.GenerateKey().GetPrivateKeyAsBytes());

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
