using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Research;
using MedRec.Host.Api.Client;
using Nethereum.Signer;

namespace MedRec.IntegrationTests.Api;

/// <summary>POST /api/research/queries end to end: anvil, the indexer, PostgreSQL provider stores, the gatekeepers.
/// The fixture runs with k = 3 and a 16-block quota window (see ApiFixture). Each test uses its own code, so other
/// tests' records are not in its cells.</summary>
[Collection(ApiCollection.Name)]
public sealed class ResearchApiTests(ApiFixture world)
{
    private const string Loinc = "http://loinc.org";

    [Fact]
    public async Task Cells_below_k_are_suppressed_with_a_complement_and_opted_out_patients_are_never_counted()
    {
        var researcher = await NewResearcherAsync(sealWindow: true);
        var code = NewCode();
        // 2022: three patients (one of them at both providers); 2023: three; 2024: one. Plus one patient never opted in.
        var in2022 = await PatientsAsync(3, code, 2022, optIn: true);
        await AddObservationAsync(world.Providers[1], in2022[0], code, 2022, 150);
        var in2023 = await PatientsAsync(3, code, 2023, optIn: true);
        await PatientsAsync(1, code, 2024, optIn: true);
        await PatientsAsync(1, code, 2023, optIn: false);

        var answer = await QueryAsync(researcher, $"Observation?measure=patients&code={Loinc}|{code}&group=year");

        Assert.Equal(3, answer.GetProperty("k").GetInt32());
        var cells = Cells(answer);
        Assert.Equal([(2022, "complementary", (long?)null), (2023, null, 3), (2024, "below-k", null)], cells);
        Assert.Equal(2, answer.GetProperty("suppressed").GetInt32());

        // The mean of the released cell: the patients of 2023 have 120, 121, 122.
        var mean = await QueryAsync(researcher, $"Observation?measure=mean&code={Loinc}|{code}&date=ge2023-01-01&date=lt2024-01-01");
        var only = Assert.Single(mean.GetProperty("cells").EnumerateArray());
        Assert.Equal(121, only.GetProperty("mean").GetDouble(), 6);
        Assert.Equal(3, only.GetProperty("records").GetInt64());

        // One 2023 patient opts out on chain: once the mirror has it, the cell has two patients and is suppressed.
        await in2023[0].Api.WaitForAppliedAsync(await in2023[0].Api.SetResearchConsentAsync(false));
        var after = Cells(await QueryAsync(researcher, $"Observation?measure=patients&code={Loinc}|{code}&group=year"));
        Assert.Equal([(2022, null, 3L), (2023, "below-k", null), (2024, "below-k", null)], after);

        // ... and opting in again brings it back.
        await in2023[0].Api.WaitForAppliedAsync(await in2023[0].Api.SetResearchConsentAsync(true));
        var again = Cells(await QueryAsync(researcher, $"Observation?measure=patients&code={Loinc}|{code}&group=year"));
        Assert.Equal((2023, (string?)null, (long?)3), again[1]);

        // Every provider audited every granted query, with the query's hash and no patient.
        foreach (var provider in world.Providers.Append(world.PatientRecordsProvider))
        {
            var audit = await world.Store(provider).AuditOfAskerAsync(researcher.Address, AccessAction.Research, 100, CancellationToken.None);
            Assert.Equal(4, audit.Count);
            Assert.All(audit, entry => Assert.True(entry.Granted && entry.Reason == "granted" && entry.Patient == "" && entry.PointerId.Length == 66));
        }
    }

    [Fact]
    public async Task A_histogram_releases_buckets_of_k_patients_and_names_their_bounds()
    {
        var researcher = await NewResearcherAsync(sealWindow: true);
        var code = NewCode();
        await PatientsAsync(4, code, 2023, optIn: true); // values 120..123: bucket 12 (width 10)

        var answer = await QueryAsync(researcher, $"Observation?measure=histogram&code={Loinc}|{code}&bucket=10");

        var cell = Assert.Single(answer.GetProperty("cells").EnumerateArray());
        Assert.Equal(12, cell.GetProperty("bucket").GetInt64());
        Assert.Equal(120, cell.GetProperty("bucketFrom").GetDouble());
        Assert.Equal(130, cell.GetProperty("bucketTo").GetDouble());
        Assert.Equal(4, cell.GetProperty("patients").GetInt64());
    }

    [Fact]
    public async Task A_signer_without_the_researcher_role_is_refused_and_every_provider_audits_the_refusal()
    {
        var stranger = await world.NewParticipantAsync();

        var refused = await Assert.ThrowsAsync<MedRecApiException>(() => QueryAsync(stranger, "Condition?measure=patients"));

        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Equal("not-a-researcher", refused.Code);
        foreach (var provider in world.Providers.Append(world.PatientRecordsProvider))
        {
            var entry = Assert.Single(await world.Store(provider).AuditOfAskerAsync(stranger.Address, AccessAction.Research, 10, CancellationToken.None));
            Assert.False(entry.Granted);
            Assert.Equal("not-a-researcher", entry.Reason);
        }
    }

    [Fact]
    public async Task The_quota_follows_the_blocks_the_researchers_validator_sealed()
    {
        var idle = await NewResearcherAsync(sealWindow: false);
        var over = await Assert.ThrowsAsync<MedRecApiException>(() => QueryAsync(idle, "Condition?measure=patients"));
        Assert.Equal(HttpStatusCode.TooManyRequests, over.Status);
        Assert.Equal("research-quota-exceeded", over.Code);
        using (var problem = JsonDocument.Parse(over.Body))
        {
            Assert.Equal(0, problem.RootElement.GetProperty("allowedPerDay").GetInt32());
            Assert.Equal(0, problem.RootElement.GetProperty("sealedBlocks").GetInt32());
        }

        // One sealed block of the 16-block window earns 32 / 16 = 2 queries; the third is refused and audited.
        var validator = await RegisterResearcherValidatorAsync(out var researcher);
        await SealAsync(validator, blocks: 1);
        await SealAsync("0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)), blocks: 1);
        await QueryAsync(researcher, "Condition?measure=patients");
        var second = await QueryAsync(researcher, "Condition?measure=records");
        Assert.Equal(2, second.GetProperty("quota").GetProperty("allowedPerDay").GetInt32());
        var third = await Assert.ThrowsAsync<MedRecApiException>(() => QueryAsync(researcher, "Condition?measure=patients"));
        Assert.Equal(HttpStatusCode.TooManyRequests, third.Status);
        var audit = await world.Store(world.Providers[0]).AuditOfAskerAsync(researcher.Address, AccessAction.Research, 10, CancellationToken.None);
        Assert.Equal(["research-quota-exceeded", "granted", "granted"], audit.Select(e => e.Reason));
    }

    [Theory]
    [InlineData("Observation?measure=median", "query-unknown-measure")]
    [InlineData("Observation?measure=patients&group=gender", "query-invalid-group")]
    [InlineData("Observation?measure=patients&patient=p1", "query-patient-not-allowed")]
    [InlineData("Observation?measure=patients&code=x'; DROP TABLE records; --", "query-invalid-character")]
    [InlineData("Condition?measure=mean&code=http://snomed.info/sct|44054006", "query-measure-unsupported")]
    public async Task Bad_query_text_is_refused_with_its_code_and_audited(string query, string reason)
    {
        var researcher = await NewResearcherAsync(sealWindow: false);

        var refused = await Assert.ThrowsAsync<MedRecApiException>(() => QueryAsync(researcher, query));

        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal("query-rejected", refused.Code);
        Assert.Equal(reason, refused.Reason);
        Assert.False(string.IsNullOrWhiteSpace(refused.Detail));
        var entry = Assert.Single(await world.Store(world.Providers[0]).AuditOfAskerAsync(researcher.Address, AccessAction.Research, 10, CancellationToken.None));
        Assert.Equal((false, reason, ""), (entry.Granted, entry.Reason, entry.PointerId));
    }

    private static List<(int Year, string? Suppressed, long? Patients)> Cells(JsonElement answer) =>
        answer.GetProperty("cells").EnumerateArray().Select(c => (
            c.GetProperty("year").GetInt32(),
            c.GetProperty("suppressed").ValueKind == JsonValueKind.Null ? null : c.GetProperty("suppressed").GetString(),
            c.GetProperty("patients").ValueKind == JsonValueKind.Null ? (long?)null : c.GetProperty("patients").GetInt64())).ToList();

    private static string NewCode() => "t-" + Guid.NewGuid().ToString("N")[..12];

    private async Task<JsonElement> QueryAsync(ApiParticipant researcher, string query)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new { query });
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await researcher.Api.SendRawAsync(HttpMethod.Post, "api/research/queries", content);
        await MedRecApiClient.ThrowIfProblemAsync(response);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }

    private async Task<ApiParticipant> NewResearcherAsync(bool sealWindow)
    {
        var validator = await RegisterResearcherValidatorAsync(out var researcher);
        await SealAsync(sealWindow ? validator : "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20)), blocks: 16);
        return researcher;
    }

    private Task<string> RegisterResearcherValidatorAsync(out ApiParticipant researcher)
    {
        var key = EthECKey.GenerateKey();
        researcher = new ApiParticipant(key, world.Client(key));
        return RegisterAsync(researcher);
    }

    private async Task<string> RegisterAsync(ApiParticipant researcher)
    {
        var validator = "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));
        var accepted = await world.Certifier.Api.RegisterResearcherAsync(
            researcher.Address, "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32)), validator);
        await world.Certifier.Api.WaitForAppliedAsync(accepted);
        return validator;
    }

    /// <summary>Has <paramref name="validator"/> seal the next blocks (anvil's coinbase), mined empty; it keeps
    /// sealing until another call names another.</summary>
    private async Task SealAsync(string validator, int blocks)
    {
        var web3 = world.Chain.Node.Web3;
        await web3.Client.SendRequestAsync<object>("anvil_setCoinbase", null, validator);
        await web3.Client.SendRequestAsync<object>("anvil_mine", null, "0x" + blocks.ToString("x", System.Globalization.CultureInfo.InvariantCulture));
    }

    private async Task<List<ApiParticipant>> PatientsAsync(int count, string code, int year, bool optIn)
    {
        var patients = new List<ApiParticipant>();
        for (var i = 0; i < count; i++)
        {
            var patient = await world.NewPatientAsync();
            await AddObservationAsync(world.Providers[0], patient, code, year, 120 + i);
            if (optIn) await patient.Api.WaitForAppliedAsync(await patient.Api.SetResearchConsentAsync(true));
            patients.Add(patient);
        }

        return patients;
    }

    private static async Task AddObservationAsync(ApiParticipant provider, ApiParticipant patient, string code, int year, decimal value)
    {
        var observation = new Hl7.Fhir.Model.Observation
        {
            Status = Hl7.Fhir.Model.ObservationStatus.Final,
            Code = new Hl7.Fhir.Model.CodeableConcept(Loinc, code),
            Effective = new Hl7.Fhir.Model.FhirDateTime(new DateTimeOffset(year, 6, 1, 8, 0, 0, TimeSpan.Zero)),
            Value = new Hl7.Fhir.Model.Quantity(value, "mm[Hg]"),
        };
        var json = MedRec.Grains.Records.FhirJson.Serialize(observation);
        await provider.Api.WaitForAppliedAsync(await provider.Api.AddProviderRecordsAsync(patient.Address, [json]));
    }
}
