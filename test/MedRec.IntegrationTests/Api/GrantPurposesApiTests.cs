using System.Net;
using System.Text.Json;
using MedRec.ChainIndexer.Chain;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Records;
using MedRec.Host.Api.Client;
using MedRec.Host.Api.Problems;
using MedRec.IntegrationTests.Access;

namespace MedRec.IntegrationTests.Api;

/// <summary>A grant's purposes of use over HTTP (docs/adr/0012-purpose-of-use.md): named in the grant body as wire
/// names, stored on chain, and shown as wire names wherever the API lists the grant.</summary>
[Collection(ApiCollection.Name)]
public sealed class GrantPurposesApiTests(ApiFixture world)
{
    private ApiParticipant Hospital => world.Providers[0];

    private async Task<string> NewPointerAsync(ApiParticipant patient)
    {
        var added = await Hospital.Api.AddProviderRecordsAsync(patient.Address, TestRecords.Some(1).Select(FhirJson.Serialize));
        await Hospital.Api.WaitForAppliedAsync(added);
        return added.Pointers![0].PointerId;
    }

    [Fact]
    public async Task A_grant_for_payment_only_is_stored_so_and_listed_with_its_purpose_everywhere()
    {
        var patient = await world.NewPatientAsync();
        var insurer = await world.NewPatientAsync();
        var pointer = await NewPointerAsync(patient);

        await patient.Api.WaitForAppliedAsync(
            await patient.Api.GrantAsync(insurer.Address, Hospital.Address, pointer, DateTimeOffset.UtcNow.AddDays(30), ["payment"]));

        var reader = new ChainReader(world.Chain.Deployment.RpcUrl, world.Chain.Deployment.Contracts);
        var stored = await reader.GrantOfAsync(patient.Address, Hospital.Address, Convert.FromHexString(pointer[2..]), insurer.Address);
        Assert.Equal((byte)PurposeSet.Payment, stored.Purposes);

        var grant = Assert.Single(await patient.Api.GetGrantsAsync(), g => g.Viewer == insurer.Address);
        Assert.Equal(PurposeSet.Payment, grant.Purposes);
        var summary = await patient.Api.GetSummaryAsync();
        var relationship = Assert.Single(summary.Relationships, r => r.Provider == Hospital.Address);
        Assert.Equal(PurposeSet.Payment, Assert.Single(relationship.Grants, g => g.Viewer == insurer.Address).Purposes);
        var providerView = await Hospital.Api.GetProviderRelationshipAsync(patient.Address);
        Assert.Equal(PurposeSet.Payment, Assert.Single(providerView.Grants, g => g.Viewer == insurer.Address).Purposes);
        var accessView = await patient.Api.ReadAccessViewAsync(DateTimeOffset.UtcNow);
        var pointerView = Assert.Single(Assert.Single(accessView.Providers, p => p.Provider == Hospital.Address).Pointers, p => p.PointerId == pointer);
        Assert.Equal(PurposeSet.Payment, Assert.Single(pointerView.Viewers, g => g.Viewer == insurer.Address).Purposes);

        // On the wire a purpose set is the array of its wire names.
        using var raw = await patient.Api.SendRawAsync(HttpMethod.Get, $"api/patients/{patient.Address}/grants", null);
        Assert.Equal(HttpStatusCode.OK, raw.StatusCode);
        var listed = JsonDocument.Parse(await raw.Content.ReadAsStringAsync()).RootElement.EnumerateArray()
            .Single(g => g.GetProperty("viewer").GetString() == insurer.Address);
        Assert.Equal(["payment"], listed.GetProperty("purposes").EnumerateArray().Select(p => p.GetString()));
    }

    [Fact]
    public async Task A_grant_naming_no_purposes_covers_all_six_and_granting_again_replaces_them()
    {
        var patient = await world.NewPatientAsync();
        var viewer = await world.NewPatientAsync();
        var pointer = await NewPointerAsync(patient);

        await patient.Api.WaitForAppliedAsync(await patient.Api.GrantAsync(viewer.Address, Hospital.Address, pointer, DateTimeOffset.UtcNow.AddDays(30)));
        Assert.Equal(PurposeSet.All, Assert.Single(await patient.Api.GetGrantsAsync(), g => g.Viewer == viewer.Address).Purposes);

        using var raw = await patient.Api.SendRawAsync(HttpMethod.Get, $"api/patients/{patient.Address}/grants", null);
        var listed = JsonDocument.Parse(await raw.Content.ReadAsStringAsync()).RootElement.EnumerateArray()
            .Single(g => g.GetProperty("viewer").GetString() == viewer.Address);
        Assert.Equal(["treatment", "payment", "operations", "research", "emergency", "patient-request"],
            listed.GetProperty("purposes").EnumerateArray().Select(p => p.GetString()));

        await patient.Api.WaitForAppliedAsync(
            await patient.Api.GrantAsync(viewer.Address, Hospital.Address, pointer, DateTimeOffset.UtcNow.AddDays(7), ["treatment", "research"]));
        var replaced = Assert.Single(await patient.Api.GetGrantsAsync(), g => g.Viewer == viewer.Address);
        Assert.Equal(PurposeSet.Treatment | PurposeSet.Research, replaced.Purposes);
    }

    [Fact]
    public async Task An_unknown_purpose_is_400_invalid_argument_and_nothing_is_sent()
    {
        var patient = await world.NewPatientAsync();
        var viewer = await world.NewPatientAsync();
        var pointer = await NewPointerAsync(patient);
        var before = await world.BlockNumberAsync();

        var refused = await Assert.ThrowsAsync<MedRecApiException>(() =>
            patient.Api.GrantAsync(viewer.Address, Hospital.Address, pointer, DateTimeOffset.UtcNow.AddDays(30), ["payment", "gossip"]));

        Assert.Equal((HttpStatusCode.BadRequest, ProblemCodes.InvalidArgument), (refused.Status, refused.Code));
        Assert.Contains("gossip", refused.Detail);
        Assert.Equal(before, await world.BlockNumberAsync());
        Assert.DoesNotContain(await patient.Api.GetGrantsAsync(), g => g.Viewer == viewer.Address);
    }
}
