using MedRec.ChainIndexer.Indexing;
using MedRec.Grains.Receipts;
using MedRec.Cli;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Access;
using MedRec.Grains.Signing;
using MedRec.TestSupport;

namespace MedRec.IntegrationTests.Receipts;

/// <summary>Issue 9's decision receipts: a receipt verifies against the chain; one with any field changed does not;
/// one for a block a reorg removed is reported; integrity failures and denials are signed as such.</summary>
[Collection(ReceiptCollection.Name)]
public sealed class DecisionReceiptTests(ReceiptFixture world)
{
    private Participant Provider => world.Provider;

    private IGatekeeperGrain Gatekeeper(Participant provider) => world.Grains.GetGrain<IGatekeeperGrain>(provider.Address);

    private ReceiptVerifier Verifier() =>
        new(new RpcChainLogSource(world.Chain.Node.RpcUrl), world.Chain.Deployment.Contracts, world.Chain.Deployment.DeploymentBlock);

    private Task<ReceiptReport> VerifyAsync(DecisionReceipt receipt) => Verifier().VerifyAsync(receipt, world.Chain.Deployment.ChainId, CancellationToken.None);

    private async Task<(int ExitCode, string Output)> VerifyWithCliAsync(DecisionReceipt receipt, bool withDeployment = true)
    {
        var file = Path.Combine(Path.GetTempPath(), $"medrec-receipt-{Guid.NewGuid():N}.json");
        try
        {
            await ReceiptFile.WriteAsync(file, [receipt], CancellationToken.None);
            return await CliRun.RunAsync(withDeployment
                ? ["verify-receipt", "--file", file, "--deployment", world.DeploymentFilePath]
                : ["verify-receipt", "--file", file, "--rpc", world.Chain.Node.RpcUrl, "--deployment", file + ".none"]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_receipt_from_a_real_read_verifies_and_changing_any_single_field_makes_verification_fail()
    {
        var patient = await world.NewPatientAsync();
        var published = await world.PublishAsync(Provider, patient);
        var signed = world.Sign(patient, patient, Provider, AccessRequest.ZeroPointer);

        var answer = await Gatekeeper(Provider).ReadAsync(signed);

        Assert.Equal(ProviderOutcome.Ok, answer.Outcome);
        var receipt = Assert.IsType<DecisionReceipt>(answer.Receipt);
        Assert.Equal(new AccessRequestHasher(world.Domain).HashHex(signed.Request), receipt.RequestHash);
        Assert.Equal((patient.Address, patient.Address, Provider.Address, "ok"), (receipt.Asker, receipt.Patient, receipt.Provider, receipt.Outcome));
        Assert.Equal("patient-request", receipt.Purpose); // the request's declared purpose (docs/adr/0012-purpose-of-use.md)
        Assert.Equal(published.Select(p => (p.PointerId, p.DataHash)).Order(), receipt.Pointers.Select(p => (p.PointerId, p.DataHash)).Order());
        Assert.All(receipt.Pointers, p => Assert.Equal(("verified", p.DataHash), (p.Verdict, p.ComputedHash)));
        Assert.True(receipt.BlockNumber > 0);

        var report = await VerifyAsync(receipt);
        Assert.True(report.Verified, string.Join("; ", report.Failures));
        var (exitCode, output) = await VerifyWithCliAsync(receipt);
        Assert.True(exitCode == 0, output);
        Assert.Contains("The receipt verifies against the chain.", output, StringComparison.Ordinal);
        // The chain URL alone is enough: the contracts are found from the receipt's PPR.
        (exitCode, output) = await VerifyWithCliAsync(receipt, withDeployment: false);
        Assert.True(exitCode == 0, output);

        var mutations = ReceiptMutations.Each(receipt).ToList();
        Assert.True(mutations.Count > 14 + 3 * 6, "every field and every pointer's fields");
        foreach (var (field, changed) in mutations)
        {
            var changedReport = await VerifyAsync(changed);
            Assert.False(changedReport.Verified, $"a receipt with {field} changed verified");
        }

        (exitCode, output) = await VerifyWithCliAsync(mutations.Single(m => m.Field == "pointers[0].dataHash").Changed);
        Assert.Equal(VerifyReceiptCommand.NotVerified, exitCode);
        Assert.Contains("not the provider", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewers_granted_read_verifies_with_the_grant_at_that_block_and_a_denied_read_verifies_as_a_denial()
    {
        var patient = await world.NewPatientAsync();
        var viewer = await world.NewPatientAsync();
        var published = await world.PublishAsync(Provider, patient);
        var shared = published[0];

        var denied = await Gatekeeper(Provider).ReadAsync(world.Sign(viewer, patient, Provider, shared.PointerId));
        Assert.Equal((ProviderOutcome.Denied, AccessDenials.NoGrant), (denied.Outcome, denied.Reason));
        var denial = Assert.IsType<DecisionReceipt>(denied.Receipt);
        Assert.Equal(("denied", AccessDenials.NoGrant, shared.PointerId), (denial.Outcome, denial.Reason, denial.RequestedPointer));
        Assert.Empty(denial.Pointers);
        var denialReport = await VerifyAsync(denial);
        Assert.True(denialReport.Verified, string.Join("; ", denialReport.Failures));
        Assert.Contains(denialReport.Passed, line => line.Contains("denied (no-grant)", StringComparison.Ordinal));
        // A denial turned into a grant by hand does not verify: no grant existed at that block.
        Assert.False((await VerifyAsync(denial with { Outcome = "ok", Reason = "" })).Verified);

        await patient.Client.GrantAccessAsync(Provider.Address, Convert.FromHexString(shared.PointerId[2..]), viewer.Address, DateTimeOffset.UtcNow.AddMinutes(10));
        await world.WaitForMirrorAsync(patient, Provider, v => v.Grants.Any(g => g.Viewer == viewer.Address), "the grant");

        var granted = await Gatekeeper(Provider).ReadAsync(world.Sign(viewer, patient, Provider, shared.PointerId));
        Assert.Equal(ProviderOutcome.Ok, granted.Outcome);
        var receipt = Assert.IsType<DecisionReceipt>(granted.Receipt);
        Assert.True(receipt.BlockNumber > denial.BlockNumber, "the grant's block is the state the decision used");
        var report = await VerifyAsync(receipt);
        Assert.True(report.Verified, string.Join("; ", report.Failures));
        Assert.Contains(report.Passed, line => line.Contains("unexpired grant", StringComparison.Ordinal));

        // Moved to the block before the grant, it no longer verifies (the signature covers the block).
        Assert.False((await VerifyAsync(receipt with { BlockNumber = denial.BlockNumber, BlockHash = denial.BlockHash })).Verified);
    }

    [Fact]
    public async Task Receipts_are_checked_against_the_purposes_the_grant_covered_at_that_block()
    {
        var patient = await world.NewPatientAsync();
        var insurer = await world.NewPatientAsync();
        var shared = (await world.PublishAsync(Provider, patient))[0];
        await patient.Client.GrantAccessAsync(Provider.Address, Convert.FromHexString(shared.PointerId[2..]), insurer.Address,
            DateTimeOffset.UtcNow.AddMinutes(10), PurposeSet.Payment);
        await world.WaitForMirrorAsync(patient, Provider, v => v.Grants.Any(g => g.Viewer == insurer.Address), "the payment-only grant");

        var refused = Assert.IsType<DecisionReceipt>((await Gatekeeper(Provider).ReadAsync(world.Sign(insurer, patient, Provider, shared.PointerId, Purpose.Treatment))).Receipt);
        Assert.Equal(("denied", AccessDenials.PurposeNotGranted, "treatment"), (refused.Outcome, refused.Reason, refused.Purpose));
        var refusedReport = await VerifyAsync(refused);
        Assert.True(refusedReport.Verified, string.Join("; ", refusedReport.Failures));
        Assert.Contains(refusedReport.Passed, line => line.Contains("denied (purpose-not-granted)", StringComparison.Ordinal));

        var served = Assert.IsType<DecisionReceipt>((await Gatekeeper(Provider).ReadAsync(world.Sign(insurer, patient, Provider, shared.PointerId, Purpose.Payment))).Receipt);
        Assert.Equal(("ok", "payment"), (served.Outcome, served.Purpose));
        var servedReport = await VerifyAsync(served);
        Assert.True(servedReport.Verified, string.Join("; ", servedReport.Failures));
        Assert.Contains(servedReport.Passed, line => line.Contains("covering 'payment'", StringComparison.Ordinal));

        // Receipts the provider signed but the chain contradicts: the answer claimed for treatment (the grant did not cover
        // it), the purpose denial claimed as "no grant" (an unexpired grant existed), a purpose outside the closed set.
        var claimedForTreatment = await VerifyAsync(world.SignAsProvider(served with { Purpose = "treatment" }));
        Assert.Contains(claimedForTreatment.Failures, line => line.Contains("did not cover the purpose 'treatment'", StringComparison.Ordinal));
        Assert.Contains((await VerifyAsync(world.SignAsProvider(refused with { Reason = AccessDenials.NoGrant }))).Failures,
            line => line.Contains("the denial 'no-grant' does not hold", StringComparison.Ordinal));
        Assert.Contains((await VerifyAsync(world.SignAsProvider(served with { Purpose = "gossip" }))).Failures,
            line => line.Contains("names no known purpose", StringComparison.Ordinal));
        // Re-signed unchanged, it still verifies: the failures above come from the claims, not from the signing.
        Assert.True((await VerifyAsync(world.SignAsProvider(served))).Verified);
    }

    [Fact]
    public async Task A_break_the_glass_receipt_verifies_against_the_emergency_window_open_when_it_was_issued()
    {
        var patient = await world.NewPatientAsync();
        var published = await world.PublishAsync(Provider, patient);
        var emergency = await world.Chain.NewProviderAsync("https://emergency.example/fhir");
        await emergency.Client.SendAsync(world.Chain.Deployment.Contracts.EmergencyAccess, new MedRec.ChainIndexer.Contracts.EmergencyAccess.OpenEmergencyAccessFunction
        {
            Patient = patient.Address, JustificationCommitment = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), DurationSeconds = 600,
        });

        GatekeeperAnswer answer;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while ((answer = await Gatekeeper(Provider).ReadAsync(world.Sign(emergency, patient, Provider, AccessRequest.ZeroPointer, Purpose.Emergency))).Reason != AccessDecision.BreakTheGlass)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the emergency window did not open within 30 s (last answer {answer.Outcome} {answer.Reason})");
            await Task.Delay(20);
        }

        var receipt = Assert.IsType<DecisionReceipt>(answer.Receipt);
        Assert.Equal(("ok", AccessDecision.BreakTheGlass, published.Count, "emergency"), (receipt.Outcome, receipt.Reason, receipt.Pointers.Count, receipt.Purpose));
        var report = await VerifyAsync(receipt);
        Assert.True(report.Verified, string.Join("; ", report.Failures));
        Assert.Contains(report.Passed, line => line.Contains("emergency window", StringComparison.Ordinal));
        // Signed by the provider but claimed for treatment: the glass is broken for emergency requests only (ADR 0012).
        Assert.Contains((await VerifyAsync(world.SignAsProvider(receipt with { Purpose = "treatment" }))).Failures,
            line => line.Contains("for emergency requests only", StringComparison.Ordinal));

        // Closed by the patient afterwards: the receipt still verifies (the window was open when it was issued).
        await patient.Client.SendAsync(world.Chain.Deployment.Contracts.EmergencyAccess,
            new MedRec.ChainIndexer.Contracts.EmergencyAccess.CloseEmergencyAccessFunction { Provider = emergency.Address });
        var afterClose = await VerifyAsync(receipt);
        Assert.True(afterClose.Verified, string.Join("; ", afterClose.Failures));
    }

    [Fact]
    public async Task An_integrity_failed_answers_receipt_says_so_and_verifies()
    {
        var patient = await world.NewPatientAsync();
        await world.PublishAsync(Provider, patient);
        await world.TamperAsync(Provider, patient);

        var answer = await Gatekeeper(Provider).ReadAsync(world.Sign(patient, patient, Provider, AccessRequest.ZeroPointer));

        Assert.Equal(ProviderOutcome.IntegrityFailed, answer.Outcome);
        var receipt = Assert.IsType<DecisionReceipt>(answer.Receipt);
        Assert.Equal(("integrity-failed", AccessDenials.IntegrityFailed), (receipt.Outcome, receipt.Reason));
        var failed = receipt.Pointers.Where(p => p.Verdict == "data-hash-mismatch").ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, p => Assert.NotEqual(p.DataHash, p.ComputedHash));
        var report = await VerifyAsync(receipt);
        Assert.True(report.Verified, string.Join("; ", report.Failures));
    }

    [Fact]
    public async Task A_provider_without_a_signing_key_answers_without_a_receipt()
    {
        var patient = await world.NewPatientAsync();
        await world.PublishAsync(world.KeylessProvider, patient);

        var answer = await Gatekeeper(world.KeylessProvider).ReadAsync(world.Sign(patient, patient, world.KeylessProvider, AccessRequest.ZeroPointer));

        Assert.Equal(ProviderOutcome.Ok, answer.Outcome);
        Assert.Null(answer.Receipt);
    }

    [Fact]
    public async Task A_receipt_for_a_block_that_a_reorg_removed_is_reported_as_reorged()
    {
        var patient = await world.NewPatientAsync();
        var web3 = world.Chain.Node.Web3;
        var snapshot = await web3.Client.SendRequestAsync<string>("evm_snapshot");
        await world.PublishAsync(Provider, patient);
        var answer = await Gatekeeper(Provider).ReadAsync(world.Sign(patient, patient, Provider, AccessRequest.ZeroPointer));
        var receipt = Assert.IsType<DecisionReceipt>(answer.Receipt);
        Assert.True((await VerifyAsync(receipt)).Verified, "the receipt verified before the reorg");

        // Another history of the same height: the receipt's block is replaced by an empty one.
        Assert.True(await web3.Client.SendRequestAsync<bool>("evm_revert", null, snapshot));
        await Provider.Client.ResetNonceAsync();
        while ((ulong)(await web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value < receipt.BlockNumber)
        {
            await web3.Client.SendRequestAsync<object>("evm_mine");
        }

        var report = await VerifyAsync(receipt);
        Assert.True(report.Reorged, string.Join("; ", report.Failures));
        var now = (await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(new Nethereum.Hex.HexTypes.HexBigInteger(receipt.BlockNumber))).BlockHash;
        Assert.Contains($"reorged: block {receipt.BlockNumber} is now {now.ToLowerInvariant()}", report.Failures);
        var (exitCode, output) = await VerifyWithCliAsync(receipt);
        Assert.Equal(VerifyReceiptCommand.NotVerified, exitCode);
        Assert.Contains($"reorged: block {receipt.BlockNumber} is now", output, StringComparison.Ordinal);
    }
}
