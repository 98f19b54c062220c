using System.Net;
using System.Net.Sockets;
using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Indexing;
using MedRec.Cli;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Chain;
using MedRec.Grains.Abstractions.Mirror;
using MedRec.Grains.Writes;
using MedRec.Host.Api;
using MedRec.Silo;
using MedRec.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Nethereum.Signer;

namespace MedRec.IntegrationTests;

/// <summary>
/// The `medrec` commands in this process against a real API host (MedRecApiHost.Build, co-hosting a silo whose indexer
/// follows a real anvil), on demo data that `medrec seed` put there: publish, grant, read, revoke, refused read,
/// history, audit, verify, and a ProblemDetails turned into one red line and a non-zero exit.
/// </summary>
public sealed class CliEndToEndTests : IAsyncLifetime
{
    private readonly string _directory = Directory.CreateTempSubdirectory("medrec-cli-e2e-").FullName;
    private TestChain? _chain;
    private WebApplication? _app;
    private string _api = "";
    private int _gatewayPort;

    private string DeploymentFilePath => Path.Combine(_directory, "deployment.json");
    private string IdentitiesFile => DemoIdentities.FileIn(_directory);

    public async Task InitializeAsync()
    {
        _chain = await TestChain.StartAsync();
        await DeploymentFile.WriteAsync(DeploymentFilePath, _chain.Deployment);

        // The demo's certifier: a certifying authority added by the root, as `medrec seed` expects one.
        var certifier = EthECKey.GenerateKey();
        await _chain.Node.FundAsync(certifier.GetPublicAddress());
        await _chain.Root.AddCertifierAsync(certifier.GetPublicAddress(), IdentityCommitment.Create("test certifier", IdentityCommitment.NewSalt()));
        var (seedExit, seedOutput) = await CliRun.RunAsync(
            ["seed", "--deployment", DeploymentFilePath, "--data-dir", _directory],
            new Dictionary<string, string?> { [SigningKeyOptions.KeyVariable] = "0x" + Convert.ToHexStringLower(certifier.GetPrivateKeyAsBytes()) });
        Assert.True(seedExit == 0, seedOutput);
        Assert.DoesNotContain(Convert.ToHexStringLower(certifier.GetPrivateKeyAsBytes()), seedOutput, StringComparison.OrdinalIgnoreCase);

        // The host serves the seeded stores (demo-settings.json, as `medrec seed` tells a host to).
        var settings = new ConfigurationBuilder().AddJsonFile(Path.Combine(_directory, "demo-settings.json")).Build()
            .AsEnumerable().Where(pair => pair.Value is not null).ToDictionary(pair => pair.Key, pair => pair.Value);
        _gatewayPort = FreeLoopbackPort();
        settings[$"{ChainIndexerOptions.Section}:DeploymentFile"] = DeploymentFilePath;
        settings[$"{ChainIndexerOptions.Section}:PollInterval"] = "00:00:00.020";
        settings[$"{ChainStreamOptions.Section}:QueuePollInterval"] = "00:00:00.020";
        settings[$"{TestKeyStoreOptions.Section}:IdentitiesFile"] = IdentitiesFile;
        settings[$"{MedRecApiOptions.Section}:SiloPort"] = "0";
        settings[$"{MedRecApiOptions.Section}:GatewayPort"] = _gatewayPort.ToString();
        settings["Logging:LogLevel:Default"] = "Warning";
        // Anchor the audit logs every 2 s, so that `medrec audit-proof` finds the story's entries anchored.
        settings["MedRec:Audit:AnchorInterval"] = "00:00:02";
        _app = MedRecApiHost.Build(["--urls", "http://127.0.0.1:0"], settings);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _app.StartAsync(timeout.Token);
        _api = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();

        // The seed wrote to the chain before the host started: its indexer catches up after the start, and the API
        // refuses writes about participants the mirror does not know yet.
        await WaitUntilMirroredAsync(_app.Services.GetRequiredService<IGrainFactory>());
    }

    private async Task WaitUntilMirroredAsync(IGrainFactory grains)
    {
        var identities = await DemoIdentities.ReadAsync(IdentitiesFile, CancellationToken.None);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        foreach (var identity in identities.Where(i => i.Role is DemoIdentity.Patient or DemoIdentity.Provider))
        {
            var address = identity.Address.ToLowerInvariant();
            while (!(identity.Role == DemoIdentity.Patient
                       ? (await grains.GetGrain<IPatientGrain>(address).GetAsync()).Registered
                       : (await grains.GetGrain<IProviderGrain>(address).GetAsync()).Registered))
            {
                if (DateTime.UtcNow > deadline)
                    throw new TimeoutException($"the mirror did not show {identity.Role} {identity.Name} ({address}) registered within 60 s");
                await Task.Delay(20);
            }
        }
    }

    [Fact]
    public async Task The_cli_runs_the_whole_story_over_http()
    {
        var identities = await DemoIdentities.ReadAsync(IdentitiesFile, CancellationToken.None);
        var patient = identities.First(i => i.Role == DemoIdentity.Patient);
        var secondPatient = identities.Where(i => i.Role == DemoIdentity.Patient).Skip(1).First();
        var provider = identities.First(i => i.Role == DemoIdentity.Provider);
        var viewer = identities.Single(i => i.Role == DemoIdentity.Viewer);

        // A provider publishes a record for the second patient and waits until the mirror applied it (and with it,
        // everything the seed sent before).
        var record = Path.Combine(_directory, "record.json");
        await File.WriteAllTextAsync(record, """
            {"resourceType":"Condition","id":"cli-e2e-1","clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},
             "code":{"text":"Seasonal allergic rhinitis"},"subject":{"reference":"Patient/x"},"recordedDate":"2026-01-02"}
            """);
        await AssertCliAsync(["publish", "--as", provider.Name, "--patient", secondPatient.Name, "--file", record], "applied");
        await AssertCliAsync(["accept", "--as", secondPatient.Name, "--provider", provider.Name], "applied");
        Assert.Equal(RelationshipStatus.Accepted,
            (await _app!.Services.GetRequiredService<IGrainFactory>().Relationship(secondPatient.Address, provider.Address).GetAsync()).Status);

        // The first patient reports a symptom of their own.
        var symptom = Path.Combine(_directory, "symptom.json");
        await File.WriteAllTextAsync(symptom, """
            [{"resourceType":"Observation","id":"cli-e2e-symptom","status":"final","code":{"text":"Headache, self-reported"},"subject":{"reference":"Patient/x"},"effectiveDateTime":"2026-01-03"}]
            """);
        await AssertCliAsync(["publish", "--as", patient.Name, "--patient-reported", "--file", symptom], "applied");

        // The patient grants the viewer a second pointer (the seed granted the vital signs) and the viewer reads it.
        var relationship = await _app!.Services.GetRequiredService<IGrainFactory>().Relationship(patient.Address, provider.Address).GetAsync();
        var granted = relationship.Grants.Select(g => g.PointerId).ToHashSet();
        var pointer = relationship.Pointers.First(p => !granted.Contains(p.PointerId)).PointerId;
        var summary = await AssertCliAsync(["summary", "--as", patient.Name], pointer);
        Assert.Contains(provider.Name, summary);
        var grantOutput = await AssertCliAsync(["grant", "--as", patient.Name, "--viewer", viewer.Name, "--provider", provider.Name, "--pointer", pointer,
            "--purpose", "treatment", "--purpose", "patient-request"], "applied");
        Assert.Contains("for treatment, patient-request", grantOutput);
        var limited = Assert.Single((await _app!.Services.GetRequiredService<IGrainFactory>().Relationship(patient.Address, provider.Address).GetAsync()).Grants,
            g => g.PointerId == pointer);
        Assert.Equal(PurposeSet.Treatment | PurposeSet.PatientRequest, limited.Purposes);
        var read = await AssertCliAsync(["read", "--as", viewer.Name, "--patient", patient.Name, "--provider", provider.Name, "--pointer", pointer], "verified");
        Assert.Contains(pointer, read);

        // Revoked, the same read is refused: the API's ProblemDetails is one red line and a non-zero exit.
        await AssertCliAsync(["revoke", "--as", patient.Name, "--viewer", viewer.Name, "--provider", provider.Name, "--pointer", pointer], "applied");
        var (refusedExit, refused) = await RunAsync(["read", "--as", viewer.Name, "--patient", patient.Name, "--provider", provider.Name, "--pointer", pointer]);
        Assert.NotEqual(0, refusedExit);
        Assert.Contains("403 access-denied", refused);

        // The patient's whole history reaches every provider, the patient-reported one included.
        var history = await AssertCliAsync(["read", "--as", patient.Name, "--history"], "Whole history of");
        foreach (var name in identities.Where(i => i.Role == DemoIdentity.Provider).Select(i => i.Name)) Assert.Contains(name, history);
        Assert.Contains("Headache, self-reported", history);

        // The audit trail shows the viewer's granted and denied reads.
        var audit = await AssertCliAsync(["audit", "--as", patient.Name], viewer.Name);
        Assert.Contains("granted", audit);
        Assert.Contains("denied", audit);
        Assert.Contains("treatment", audit); // the viewer's reads declared the default purpose

        // The patient saves the inclusion proof of the viewer's granted read (once its provider anchored it) and checks
        // it against the chain; the same proof with the entry's reason changed fails with exit 1.
        var entryId = (await PatientClient(patient).ReadAuditAsync()).Entries.First(e => e.Asker == viewer.Address.ToLowerInvariant() && e.Granted).Id;
        var proofFile = Path.Combine(_directory, "proof.json");
        var proofDeadline = DateTime.UtcNow.AddSeconds(60);
        string proofOutput;
        while (true)
        {
            // The 12 characters `medrec audit` shows are enough to name the entry.
            var (proofExit, output) = await RunAsync(["audit-proof", "--as", patient.Name, "--entry", entryId[..12], "--out", proofFile]);
            proofOutput = output;
            if (proofExit == 0) break;
            Assert.True(output.Contains("409 audit-entry-not-anchored", StringComparison.Ordinal) && DateTime.UtcNow < proofDeadline, $"medrec audit-proof exited {proofExit}:\n{output}");
            await Task.Delay(500);
        }

        Assert.Contains("written to", proofOutput);
        // The anchor waited the settle time (MedRec:Audit:SettleTime, 5 s by default) after the entry before covering it:
        // its block is at least that much younger than the entry (block times are whole seconds).
        var savedProof = System.Text.Json.JsonSerializer.Deserialize<MedRec.Grains.Abstractions.Audit.AuditProof>(await File.ReadAllTextAsync(proofFile), ApiJson.Options)!;
        var anchorBlock = await _chain!.Node.Web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(
            new Nethereum.Hex.HexTypes.HexBigInteger(savedProof.Anchor.BlockNumber));
        var anchoredAt = DateTimeOffset.FromUnixTimeSeconds((long)anchorBlock.Timestamp.Value);
        Assert.True(anchoredAt >= savedProof.Entry.Entry.Time.AddSeconds(4),
            $"the entry of {savedProof.Entry.Entry.Time:O} was anchored in a block of {anchoredAt:O}, before the settle time passed");
        Assert.Contains(entryId[..12], audit);
        var (unknownExit, unknownOutput) = await RunAsync(["audit-proof", "--as", patient.Name, "--entry", "zzzz", "--out", proofFile]);
        Assert.Equal(2, unknownExit);
        Assert.Contains("no audit entry about you has an id starting with 'zzzz'", unknownOutput);
        await AssertCliAsync(["verify-audit-proof", "--file", proofFile, "--deployment", DeploymentFilePath], "unchanged");
        var tampered = Path.Combine(_directory, "tampered.json");
        var proofJson = await File.ReadAllTextAsync(proofFile);
        Assert.Contains("\"reason\":\"granted\"", proofJson);
        await File.WriteAllTextAsync(tampered, proofJson.Replace("\"reason\":\"granted\"", "\"reason\":\"rewritten\"", StringComparison.Ordinal));
        var (tamperedExit, tamperedOutput) = await CliRun.RunAsync(["verify-audit-proof", "--file", tampered, "--deployment", DeploymentFilePath]);
        Assert.True(tamperedExit == 1, $"a changed entry verified (exit {tamperedExit}):\n{tamperedOutput}");

        // Who could read what, now: the viewer's revoked grant is gone, its reads are listed.
        var accessView = await AssertCliAsync(["access-view", "--as", patient.Name], pointer);
        Assert.Contains(viewer.Name, accessView);
        var (badTimeExit, badTime) = await RunAsync(["access-view", "--as", patient.Name, "--at", "yesterday-ish"]);
        Assert.Equal(2, badTimeExit);
        Assert.Contains("--at must be a time", badTime);

        // Break the glass: a second provider opens an emergency window on the patient, the patient sees it open and
        // closes it early.
        var emergencyProvider = identities.Where(i => i.Role == DemoIdentity.Provider).Skip(1).First();
        await AssertCliAsync(["emergency", "open", "--as", emergencyProvider.Name, "--patient", patient.Name, "--minutes", "15",
            "--justification", "unconscious on arrival, allergy history needed"], "applied");
        var windows = await AssertCliAsync(["emergency", "list", "--as", patient.Name], emergencyProvider.Name);
        Assert.Contains("open", windows);
        Assert.DoesNotContain("allergy history", windows);
        await AssertCliAsync(["emergency", "close", "--as", patient.Name, "--provider", emergencyProvider.Name], "applied");
        Assert.Contains("closed", await AssertCliAsync(["emergency", "list", "--as", patient.Name], emergencyProvider.Name));
        var (badMinutesExit, badMinutes) = await RunAsync(["emergency", "open", "--as", emergencyProvider.Name, "--patient", patient.Name, "--minutes", "0", "--justification", "x"]);
        Assert.Equal(2, badMinutesExit);
        Assert.Contains("--minutes must be between 1 and 1440", badMinutes);

        // The mirror equals the chain.
        await AssertCliAsync(["verify", "--deployment", DeploymentFilePath, "--gateway-port", _gatewayPort.ToString()], "The mirror equals the chain.");

        // A key the silo holds no custody key for: refused by the API, nothing sent.
        var stranger = Path.Combine(_directory, "stranger.key");
        await File.WriteAllTextAsync(stranger, Convert.ToHexStringLower(EthECKey.GenerateKey().GetPrivateKeyAsBytes()));
        var (strangerExit, strangerOutput) = await RunAsync(["register", "patient", "--key-file", stranger, "--identity", "a stranger"]);
        Assert.NotEqual(0, strangerExit);
        Assert.Contains("403 no-custody-key", strangerOutput);

        foreach (var identity in identities) Assert.DoesNotContain(identity.PrivateKey[2..], summary + read + refused + history + audit, StringComparison.OrdinalIgnoreCase);
    }

    private Host.Api.Client.MedRecApiClient PatientClient(DemoIdentity patient) =>
        new(new HttpClient { BaseAddress = new Uri(_api), Timeout = TimeSpan.FromSeconds(30) }, new EthECKey(patient.PrivateKey[2..]));

    private Task<(int ExitCode, string Output)> RunAsync(string[] args) =>
        CliRun.RunAsync([.. args, "--api", _api, "--identities", IdentitiesFile]);

    private async Task<string> AssertCliAsync(string[] args, string expected)
    {
        var isVerify = args[0].StartsWith("verify", StringComparison.Ordinal);
        var (exitCode, output) = isVerify ? await CliRun.RunAsync(args) : await RunAsync(args);
        Assert.True(exitCode == 0, $"medrec {string.Join(' ', args)} exited {exitCode}:\n{output}");
        Assert.Contains(expected, output);
        return output;
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _app.StopAsync(timeout.Token);
            await _app.DisposeAsync();
        }

        if (_chain is not null) await _chain.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
