using System.Net;
using MedRec.Host.Api.Client;
using MedRec.Host.Api.Problems;
using MedRec.Grains.Records;
using MedRec.IntegrationTests.Access;

namespace MedRec.IntegrationTests.Api;

/// <summary>The time-travel access view (issue 9): who could read what about a patient at a time, and who did.</summary>
[Collection(ApiCollection.Name)]
public sealed class AccessViewTests(ApiFixture world)
{
    private ApiParticipant Hospital => world.Providers[0];

    [Fact]
    public async Task The_view_at_a_time_shows_the_grants_then_in_force_and_the_reads_done_by_then()
    {
        var patient = await world.NewPatientAsync();
        var viewer = await world.NewPatientAsync();
        var added = await Hospital.Api.AddProviderRecordsAsync(patient.Address, TestRecords.Some(1).Select(FhirJson.Serialize));
        await Hospital.Api.WaitForAppliedAsync(added);
        var pointer = added.Pointers![0].PointerId;
        await patient.Api.WaitForAppliedAsync(await patient.Api.GrantAsync(viewer.Address, Hospital.Address, pointer, DateTimeOffset.UtcNow.AddDays(30)));
        await viewer.Api.ReadPointerAsync(patient.Address, Hospital.Address, pointer);

        // T: after the read, by both clocks (the dev chain's may run ahead); the revocation's block is 10 s after T.
        var web3 = world.Chain.Node.Web3;
        var latest = await web3.Eth.Blocks.GetBlockWithTransactionsHashesByNumber.SendRequestAsync(Nethereum.RPC.Eth.DTOs.BlockParameter.CreateLatest());
        var chainNow = DateTimeOffset.FromUnixTimeSeconds((long)latest.Timestamp.Value);
        var at = (chainNow > DateTimeOffset.UtcNow ? chainNow : DateTimeOffset.UtcNow).AddSeconds(1);
        await web3.Client.SendRequestAsync<object>("evm_setNextBlockTimestamp", null, at.AddSeconds(10).ToUnixTimeSeconds());
        await patient.Api.WaitForAppliedAsync(await patient.Api.RevokeAsync(Hospital.Address, pointer, viewer.Address));

        var then = await patient.Api.ReadAccessViewAsync(at);
        var hospitalThen = Assert.Single(then.Providers, p => p.Provider == Hospital.Address);
        var pointerThen = Assert.Single(hospitalThen.Pointers, p => p.PointerId == pointer);
        Assert.Equal([viewer.Address], pointerThen.Viewers.Select(g => g.Viewer));
        var read = Assert.Single(pointerThen.Accesses, e => e.Asker == viewer.Address);
        Assert.True(read.Granted);
        Assert.True(then.BlockTime <= at, $"block {then.Block} at {then.BlockTime} is after {at}");

        var after = await patient.Api.ReadAccessViewAsync(at.AddSeconds(10));
        var pointerAfter = Assert.Single(Assert.Single(after.Providers, p => p.Provider == Hospital.Address).Pointers, p => p.PointerId == pointer);
        Assert.Empty(pointerAfter.Viewers); // revoked by then
        Assert.Contains(pointerAfter.Accesses, e => e.Asker == viewer.Address && e.Granted); // but the read happened
        Assert.True(after.Block > then.Block);

    }

    [Fact]
    public async Task Only_the_patient_reads_the_access_view_and_a_time_in_the_future_is_refused()
    {
        var patient = await world.NewPatientAsync();
        var stranger = await world.NewPatientAsync();
        await Hospital.Api.WaitForAppliedAsync(await Hospital.Api.AddProviderRecordsAsync(patient.Address, TestRecords.Some(1).Select(FhirJson.Serialize)));

        var refused = await Assert.ThrowsAsync<MedRecApiException>(() => stranger.Api.ReadAccessViewAsync(DateTimeOffset.UtcNow, patient.Address));
        Assert.Equal((HttpStatusCode.Forbidden, ProblemCodes.WrongSigner), (refused.Status, refused.Code));
        Assert.Contains((await patient.Api.ReadAuditAsync()).Entries, e => e.Asker == stranger.Address && !e.Granted);

        var future = await Assert.ThrowsAsync<MedRecApiException>(() => patient.Api.ReadAccessViewAsync(DateTimeOffset.UtcNow.AddDays(2)));
        Assert.Equal((HttpStatusCode.BadRequest, ProblemCodes.InvalidArgument), (future.Status, future.Code));
        var beforeDeployment = await Assert.ThrowsAsync<MedRecApiException>(() => patient.Api.ReadAccessViewAsync(DateTimeOffset.UtcNow.AddYears(-5)));
        Assert.Equal((HttpStatusCode.BadRequest, ProblemCodes.InvalidArgument), (beforeDeployment.Status, beforeDeployment.Code));
    }
}
