using System.Net;
using System.Text.Json;
using MedRec.Host.Api.Limits;
using MedRec.Host.Api.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MedRec.Host.Api.Tests;

/// <summary>Each request limit on a small host on a loopback port, configured through MedRec:Api:Limits. The buckets
/// refill once an hour, so what a test sees does not depend on how fast the machine runs it.</summary>
public sealed class RequestLimitsTests
{
    private const string SignerA = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
    private const string SignerB = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";

    private static Dictionary<string, string?> Settings(int perSigner = 100, int perAddress = 100) => new()
    {
        [$"{RequestLimitsOptions.Section}:MaxBodyBytes"] = "1024",
        [$"{RequestLimitsOptions.Section}:MaxRequestHeaderCount"] = "16",
        [$"{RequestLimitsOptions.Section}:PerSigner:TokenLimit"] = perSigner.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [$"{RequestLimitsOptions.Section}:PerSigner:TokensPerPeriod"] = "1",
        [$"{RequestLimitsOptions.Section}:PerSigner:ReplenishmentPeriod"] = "01:00:00",
        [$"{RequestLimitsOptions.Section}:PerAddress:TokenLimit"] = perAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
        [$"{RequestLimitsOptions.Section}:PerAddress:TokensPerPeriod"] = "1",
        [$"{RequestLimitsOptions.Section}:PerAddress:ReplenishmentPeriod"] = "01:00:00",
    };

    private static Task<LoopbackApp> StartAsync(Dictionary<string, string?> settings) => LoopbackApp.StartAsync(
        settings,
        builder => builder.AddMedRecRequestLimits(),
        app =>
        {
            app.UseMedRecRequestLimits();
            app.MapPost("/echo", async (HttpRequest request) =>
            {
                using var buffer = new MemoryStream();
                await request.Body.CopyToAsync(buffer);
                return TypedResults.Ok(buffer.Length);
            });
            app.MapGet("/ping", () => TypedResults.Ok("pong"));
            app.MapGet("/health/live", () => TypedResults.Ok("live"));
        });

    [Fact]
    public async Task A_body_over_the_limit_is_413_body_too_large_whether_its_length_is_declared_or_chunked()
    {
        await using var app = await StartAsync(Settings());

        using (var within = await app.Http.PostAsync("/echo", new ByteArrayContent(new byte[1024])))
        {
            Assert.Equal(HttpStatusCode.OK, within.StatusCode);
            Assert.Equal("1024", await within.Content.ReadAsStringAsync());
        }

        var declared = await RawHttp.SendAsync(app.Http.BaseAddress!,
            "POST /echo HTTP/1.1\nHost: localhost\nContent-Type: application/octet-stream\nContent-Length: 4096\nConnection: close\n", new byte[4096]);
        AssertProblem(declared, HttpStatusCode.RequestEntityTooLarge, ProblemCodes.BodyTooLarge);

        // Chunked: no length to look at, so Kestrel stops the body at the limit while the endpoint reads it.
        var chunk = System.Text.Encoding.ASCII.GetBytes("1000\r\n").Concat(new byte[4096]).Concat(System.Text.Encoding.ASCII.GetBytes("\r\n0\r\n\r\n")).ToArray();
        var chunked = await RawHttp.SendAsync(app.Http.BaseAddress!,
            "POST /echo HTTP/1.1\nHost: localhost\nContent-Type: application/octet-stream\nTransfer-Encoding: chunked\nConnection: close\n", chunk);
        AssertProblem(chunked, HttpStatusCode.RequestEntityTooLarge, ProblemCodes.BodyTooLarge);
    }

    [Fact]
    public async Task A_signer_over_its_rate_is_429_too_many_requests_with_retry_after_while_other_signers_go_on()
    {
        await using var app = await StartAsync(Settings(perSigner: 2, perAddress: 100));

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(app, "/ping", SignerA)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(app, "/ping", SignerA.ToUpperInvariant().Replace("0X", "0x"))).StatusCode);
        using var refused = await GetAsync(app, "/ping", SignerA);

        await AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, ProblemCodes.TooManyRequests);
        var retryAfter = Assert.Single(refused.Headers.GetValues("Retry-After"));
        Assert.True(int.TryParse(retryAfter, out var seconds) && seconds >= 1, $"Retry-After '{retryAfter}' is not a positive number of seconds");
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(app, "/ping", SignerB)).StatusCode);
    }

    [Fact]
    public async Task An_address_over_its_rate_is_429_even_with_a_fresh_signer_header_each_time_and_probes_still_answer()
    {
        await using var app = await StartAsync(Settings(perSigner: 100, perAddress: 3));

        Assert.Equal(HttpStatusCode.OK, (await GetAsync(app, "/ping", signer: null)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(app, "/ping", SignerA)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(app, "/ping", SignerB)).StatusCode);
        using var refused = await GetAsync(app, "/ping", "0x90f79bf6eb2c4f870365e785982e1f101e93b906");

        await AssertProblemAsync(refused, HttpStatusCode.TooManyRequests, ProblemCodes.TooManyRequests);
        Assert.True(refused.Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(app, "/health/live", signer: null)).StatusCode);
    }

    [Fact]
    public async Task Too_many_headers_are_refused_by_kestrel_before_the_application()
    {
        await using var app = await StartAsync(Settings());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/ping");
        for (var i = 0; i < 20; i++) request.Headers.Add($"X-Filler-{i}", "x");

        using var response = await app.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(app, "/ping", signer: null)).StatusCode);
    }

    private static async Task<HttpResponseMessage> GetAsync(LoopbackApp app, string path, string? signer)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (signer is not null) request.Headers.Add("MedRec-Signer", signer);
        return await app.Http.SendAsync(request);
    }

    private static void AssertProblem((int Status, Dictionary<string, string> Headers, string Body) answer, HttpStatusCode status, string code)
    {
        Assert.Equal((int)status, answer.Status);
        Assert.StartsWith("application/problem+json", answer.Headers["Content-Type"]);
        var problem = JsonDocument.Parse(answer.Body).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(ProblemCodes.TypePrefix + code, problem.GetProperty("type").GetString());
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.Equal(ProblemCodes.TypePrefix + code, problem.GetProperty("type").GetString());
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
    }
}
