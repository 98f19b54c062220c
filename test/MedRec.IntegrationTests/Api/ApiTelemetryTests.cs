using System.Diagnostics;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Records;
using MedRec.IntegrationTests.Access;
using MedRec.Silo.ServiceDefaults;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace MedRec.IntegrationTests.Api;

/// <summary>A record read over HTTP is one trace: the client's request, the API host's server span, Orleans' grain
/// call, the gatekeeper, its store work and PostgreSQL's statements.</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiTelemetryTests(ApiFixture world)
{
    private static readonly ActivitySource TestSource = new("MedRec.IntegrationTests.Api");

    [Fact]
    public async Task A_pointer_read_over_http_is_one_trace_from_the_api_through_the_gatekeeper_to_the_database()
    {
        var hospital = world.Providers[0];
        var patient = await world.NewPatientAsync();
        var added = await hospital.Api.AddProviderRecordsAsync(patient.Address, TestRecords.Some(vitals: 1).Select(FhirJson.Serialize));
        await hospital.Api.WaitForAppliedAsync(added);
        var pointerId = added.Pointers![0].PointerId;

        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddMedRecSources().AddSource(TestSource.Name)
            .AddAspNetCoreInstrumentation().AddHttpClientInstrumentation().AddInMemoryExporter(spans).Build();
        ActivityTraceId traceId;
        ActivitySpanId rootId;
        using (var root = TestSource.StartActivity("test.http-read"))
        {
            Assert.NotNull(root);
            (traceId, rootId) = (root.TraceId, root.SpanId);
            var answer = await patient.Api.ReadPointerAsync(patient.Address, hospital.Address, pointerId);
            Assert.Equal(ProviderOutcome.Ok, answer.Outcome);
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        List<Activity> trace;
        Activity? gatekeeper;
        while (true)
        {
            tracing.ForceFlush();
            lock (spans) trace = spans.Where(s => s.TraceId == traceId).ToList();
            gatekeeper = trace.FirstOrDefault(s => s.OperationName == "medrec.gatekeeper.read");
            if (gatekeeper is not null && Ancestry(trace, gatekeeper).LastOrDefault()?.SpanId == rootId) break;
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the spans from the test's root to the gatekeeper were not exported within 10 s; the trace held {string.Join(", ", trace.Select(s => s.DisplayName))}");
            }

            await Task.Delay(20);
        }

        var ancestry = Ancestry(trace, gatekeeper);
        var chain = string.Join(" <- ", ancestry.Select(s => $"{s.Source.Name}:{s.DisplayName}"));
        Assert.True(ancestry.Any(s => s.Source.Name == "Microsoft.AspNetCore" && s.Kind == ActivityKind.Server
            && (s.GetTagItem("http.route") as string)?.EndsWith("/pointers/{pointerId}", StringComparison.Ordinal) == true), $"no API server span between: {chain}");
        Assert.True(ancestry.Any(s => s.Source.Name == "Microsoft.Orleans.Application" && s.Kind == ActivityKind.Server), $"no Orleans grain-call span between: {chain}");
        Assert.Equal(hospital.Address, gatekeeper.GetTagItem("medrec.provider"));

        var storeWork = trace.Where(s => s.ParentSpanId == gatekeeper.SpanId && s.OperationName.StartsWith("medrec.store.", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(storeWork);
        Assert.Contains(trace, s => s.Source.Name == "Npgsql" && storeWork.Any(w => w.SpanId == s.ParentSpanId));
    }

    /// <summary>The span's exported ancestors, nearest first.</summary>
    private static List<Activity> Ancestry(List<Activity> trace, Activity span)
    {
        var byId = trace.ToDictionary(s => s.SpanId);
        var ancestry = new List<Activity>();
        for (var current = span; byId.TryGetValue(current.ParentSpanId, out var parent); current = parent) ancestry.Add(parent);
        return ancestry;
    }
}
