using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Records;
using MedRec.Grains.Signing;
using MedRec.Host.Api.Client;
using MedRec.Host.Api.Problems;
using MedRec.Host.Api.Signing;
using MedRec.IntegrationTests.Access;

namespace MedRec.IntegrationTests.Api;

/// <summary>
/// Bad input over HTTP: each is a 4xx ProblemDetails with its stable code, and nothing changed: no block was mined,
/// the stores hold the same rows and the mirror shows the same patient. The collection runs its tests one at a time,
/// so the chain's block number is a fair witness.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ApiBadInputTests(ApiFixture world)
{
    private ApiParticipant Hospital => world.Providers[0];

    private sealed record Snapshot(ulong Block, long HospitalRecords, long HospitalPointers, long ReportedRecords);

    private async Task<Snapshot> SnapshotAsync() => new(
        await world.BlockNumberAsync(),
        await world.CountAsync(Hospital, "records"), await world.CountAsync(Hospital, "pointers"),
        await world.CountAsync(world.PatientRecordsProvider, "records"));

    private static string RecordsBody(string patient, string extra = "") =>
        $$"""{"patient":"{{patient}}","resources":[{{FhirJson.Serialize(TestRecords.Some(1)[0])}}]{{extra}}}""";

    private static ByteArrayContent Content(string body, string contentType = "application/json")
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    /// <summary>Asserts the answer is a ProblemDetails with this status and code, and that nothing changed since <paramref name="before"/>.</summary>
    private async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code, Snapshot before)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement.Clone();
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(ProblemCodes.TypePrefix + code, problem.GetProperty("type").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Equal(before, await SnapshotAsync());
        return problem;
    }

    [Fact]
    public async Task Malformed_json_is_400_malformed_json()
    {
        var patient = await world.NewPatientAsync();
        var before = await SnapshotAsync();

        using var response = await Hospital.Api.SendRawAsync(HttpMethod.Post, $"api/providers/{Hospital.Address}/records",
            Content($$"""{"patient":"{{patient.Address}}","resources":[{"resourceType":"Observation",""" ));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, ProblemCodes.MalformedJson, before);
    }

    [Fact]
    public async Task An_unknown_member_is_400_unknown_member()
    {
        var patient = await world.NewPatientAsync();
        var before = await SnapshotAsync();

        using var response = await Hospital.Api.SendRawAsync(HttpMethod.Post, $"api/providers/{Hospital.Address}/records",
            Content(RecordsBody(patient.Address, extra: ""","publishNow":true""")));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, ProblemCodes.UnknownMember, before);
        Assert.Contains("publishNow", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_resource_that_is_not_FHIR_is_400_invalid_fhir()
    {
        var patient = await world.NewPatientAsync();
        var before = await SnapshotAsync();

        using var response = await Hospital.Api.SendRawAsync(HttpMethod.Post, $"api/providers/{Hospital.Address}/records",
            Content($$"""{"patient":"{{patient.Address}}","resources":[{"resourceType":"Observation","status":"unheard-of"}]}"""));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, ProblemCodes.InvalidFhir, before);
    }

    [Fact]
    public async Task A_request_without_signature_headers_is_401_signature_missing()
    {
        var patient = await world.NewPatientAsync();
        var before = await SnapshotAsync();

        using var write = await Hospital.Api.SendRawAsync(HttpMethod.Post, $"api/providers/{Hospital.Address}/records",
            Content(RecordsBody(patient.Address)), sign: false);
        await AssertProblemAsync(write, HttpStatusCode.Unauthorized, ProblemCodes.SignatureMissing, before);

        using var read = await world.Client(patient.Key).Http.GetAsync($"api/patients/{patient.Address}/history");
        await AssertProblemAsync(read, HttpStatusCode.Unauthorized, ProblemCodes.SignatureMissing, before);
    }

    [Fact]
    public async Task A_signature_over_other_bytes_is_401_signature_mismatch()
    {
        var patient = await world.NewPatientAsync();
        var before = await SnapshotAsync();
        var path = $"api/providers/{Hospital.Address}/records";
        var signedBody = RecordsBody(patient.Address);
        var headers = await Hospital.Api.SignApiHeadersAsync(HttpMethod.Post, path, Encoding.UTF8.GetBytes(signedBody));

        // The same headers on a body with one more record: a tampered request.
        var sentBody = $$"""{"patient":"{{patient.Address}}","resources":[{{string.Join(',', TestRecords.Some(2).Select(FhirJson.Serialize))}}]}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = Content(sentBody) };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await Hospital.Api.Http.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, AccessRequestRejectionCodes.SignatureMismatch, before);
    }

    [Fact]
    public async Task A_signature_that_is_not_65_bytes_of_hex_is_401_signature_malformed()
    {
        var patient = await world.NewPatientAsync();
        var before = await SnapshotAsync();
        var path = $"api/patients/{patient.Address}/research-consent";
        var body = """{"consent":true}""";
        var headers = (await patient.Api.SignApiHeadersAsync(HttpMethod.Put, path, Encoding.UTF8.GetBytes(body))).ToDictionary();
        headers[SignedHeaders.SignatureHeader] = headers[SignedHeaders.SignatureHeader][..^4];

        using var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = Content(body) };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        using var response = await patient.Api.Http.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, AccessRequestRejectionCodes.SignatureMalformed, before);
    }

    [Fact]
    public async Task A_replayed_request_is_401_request_replayed_and_sends_nothing_the_second_time()
    {
        var patient = await world.NewPatientAsync();
        var path = $"api/patients/{patient.Address}/research-consent";
        var body = """{"consent":true}""";
        var headers = await patient.Api.SignApiHeadersAsync(HttpMethod.Put, path, Encoding.UTF8.GetBytes(body));

        HttpRequestMessage Request()
        {
            var request = new HttpRequestMessage(HttpMethod.Put, path) { Content = Content(body) };
            foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
            return request;
        }

        using (var first = await patient.Api.Http.SendAsync(Request()))
        {
            Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
            var accepted = JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement;
            await patient.Api.WaitForAppliedAsync(accepted.GetProperty("operationId").GetString()!);
        }

        var before = await SnapshotAsync();
        using var replay = await patient.Api.Http.SendAsync(Request());

        await AssertProblemAsync(replay, HttpStatusCode.Unauthorized, ProblemCodes.RequestReplayed, before);
        Assert.True((await patient.Api.GetSummaryAsync()).ResearchConsent);
    }

    [Fact]
    public async Task A_replayed_record_read_is_401_request_replayed()
    {
        var patient = await world.NewPatientAsync();
        var added = await Hospital.Api.AddProviderRecordsAsync(patient.Address, TestRecords.Some(1).Select(FhirJson.Serialize));
        await Hospital.Api.WaitForAppliedAsync(added);
        var path = $"api/patients/{patient.Address}/providers/{Hospital.Address}/records";
        var headers = await patient.Api.SignAccessHeadersAsync(patient.Address, Hospital.Address, AccessRequest.ZeroPointer, AccessAction.Read);

        HttpRequestMessage Request()
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
            return request;
        }

        using (var first = await patient.Api.Http.SendAsync(Request())) Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var before = await SnapshotAsync();
        using var replay = await patient.Api.Http.SendAsync(Request());

        await AssertProblemAsync(replay, HttpStatusCode.Unauthorized, ProblemCodes.RequestReplayed, before);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("curiosity")]
    [InlineData("Treatment")]
    public async Task A_record_read_without_a_known_purpose_is_400_request_malformed(string? purpose)
    {
        var patient = await world.NewPatientAsync();
        var headers = await patient.Api.SignAccessHeadersAsync(patient.Address, Hospital.Address, AccessRequest.ZeroPointer, AccessAction.Read);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/patients/{patient.Address}/providers/{Hospital.Address}/records");
        foreach (var (name, value) in headers.Where(h => h.Key != SignedHeaders.PurposeHeader)) request.Headers.TryAddWithoutValidation(name, value);
        if (purpose is not null) request.Headers.TryAddWithoutValidation(SignedHeaders.PurposeHeader, purpose);
        var before = await SnapshotAsync();

        using var response = await patient.Api.Http.SendAsync(request);

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, AccessRequestRejectionCodes.RequestMalformed, before);
        Assert.Contains(SignedHeaders.PurposeHeader, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_purpose_header_other_than_the_signed_purpose_is_a_signature_mismatch()
    {
        var patient = await world.NewPatientAsync();
        var headers = await patient.Api.SignAccessHeadersAsync(patient.Address, Hospital.Address, AccessRequest.ZeroPointer, AccessAction.Read, Purpose.Payment);
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/patients/{patient.Address}/providers/{Hospital.Address}/records");
        foreach (var (name, value) in headers.Where(h => h.Key != SignedHeaders.PurposeHeader)) request.Headers.TryAddWithoutValidation(name, value);
        request.Headers.TryAddWithoutValidation(SignedHeaders.PurposeHeader, "treatment");
        var before = await SnapshotAsync();

        using var response = await patient.Api.Http.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, AccessRequestRejectionCodes.SignatureMismatch, before);
    }

    [Fact]
    public async Task A_body_that_is_not_json_is_415_unsupported_media_type()
    {
        var patient = await world.NewPatientAsync();
        var before = await SnapshotAsync();

        using var response = await Hospital.Api.SendRawAsync(HttpMethod.Post, $"api/providers/{Hospital.Address}/records",
            Content(RecordsBody(patient.Address), "text/plain"));

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, ProblemCodes.UnsupportedMediaType, before);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_body_too_large()
    {
        var patient = await world.NewPatientAsync();
        var before = await SnapshotAsync();
        var resource = FhirJson.Serialize(TestRecords.Some(1)[0]);
        var many = string.Join(',', Enumerable.Repeat(resource, ApiFixture.MaxBodyBytes / resource.Length + 1));

        using var response = await Hospital.Api.SendRawAsync(HttpMethod.Post, $"api/providers/{Hospital.Address}/records",
            Content($$"""{"patient":"{{patient.Address}}","resources":[{{many}}]}"""));

        await AssertProblemAsync(response, HttpStatusCode.RequestEntityTooLarge, ProblemCodes.BodyTooLarge, before);
    }

    [Fact]
    public async Task Signing_for_another_patients_route_is_403_wrong_signer()
    {
        var patient = await world.NewPatientAsync();
        var other = await world.NewPatientAsync();
        var before = await SnapshotAsync();

        var error = await Assert.ThrowsAsync<MedRecApiException>(() => other.Api.SetResearchConsentAsync(true, patient: patient.Address));

        Assert.Equal((HttpStatusCode.Forbidden, ProblemCodes.WrongSigner), (error.Status, error.Code));
        Assert.Equal(before, await SnapshotAsync());
        Assert.False((await patient.Api.GetSummaryAsync()).ResearchConsent);
    }

    [Fact]
    public async Task A_participant_without_a_custody_key_is_403_no_custody_key()
    {
        var stranger = await world.NewParticipantAsync(custody: false);
        var before = await SnapshotAsync();

        var error = await Assert.ThrowsAsync<MedRecApiException>(() =>
            stranger.Api.RegisterPatientAsync("0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))));

        Assert.Equal((HttpStatusCode.Forbidden, ProblemCodes.NoCustodyKey), (error.Status, error.Code));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_revert_seen_by_gas_estimation_is_409_with_the_custom_error_and_nothing_is_sent()
    {
        var patient = await world.NewPatientAsync();
        var viewer = await world.NewPatientAsync();
        var before = await SnapshotAsync();

        var error = await Assert.ThrowsAsync<MedRecApiException>(() =>
            patient.Api.RevokeAsync(Hospital.Address, "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), viewer.Address));

        Assert.Equal((HttpStatusCode.Conflict, ProblemCodes.ChainRevert, "GrantNotFound"), (error.Status, error.Code, error.Reason));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Unknown_ids_are_404_with_what_was_unknown()
    {
        var patient = await world.NewPatientAsync();
        var nobody = "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        var stranger = await world.NewParticipantAsync(custody: false);
        var before = await SnapshotAsync();

        async Task Expect(Func<Task> call, string code)
        {
            var error = await Assert.ThrowsAsync<MedRecApiException>(call);
            Assert.True((error.Status, error.Code) == (HttpStatusCode.NotFound, code), $"expected 404 {code}, got {(int)error.Status} {error.Code}: {error.Detail}");
        }

        await Expect(() => patient.Api.GetParticipantAsync(nobody), ProblemCodes.ParticipantUnknown);
        await Expect(() => Hospital.Api.AddProviderRecordsAsync(nobody, TestRecords.Some(1).Select(FhirJson.Serialize)), ProblemCodes.PatientUnknown);
        await Expect(() => patient.Api.AcceptRelationshipAsync(nobody), ProblemCodes.ProviderUnknown);
        await Expect(() => patient.Api.ReadPointerAsync(patient.Address, Hospital.Address, "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))),
            ProblemCodes.PointerUnknown);
        await Expect(() => patient.Api.GetOperationAsync("0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))), ProblemCodes.OperationUnknown);
        await Expect(() => stranger.Api.GetSummaryAsync(), ProblemCodes.PatientUnknown);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task A_malformed_id_is_400_invalid_argument_and_an_unknown_route_is_404_not_found()
    {
        var patient = await world.NewPatientAsync();
        var before = await SnapshotAsync();

        using var badId = await patient.Api.Http.GetAsync("api/participants/0x1234");
        await AssertProblemAsync(badId, HttpStatusCode.BadRequest, ProblemCodes.InvalidArgument, before);

        using var noRoute = await patient.Api.Http.GetAsync("api/no-such-route");
        await AssertProblemAsync(noRoute, HttpStatusCode.NotFound, ProblemCodes.NotFound, before);
    }
}
