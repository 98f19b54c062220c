using System.Diagnostics;
using System.Diagnostics.Metrics;
using MedRec.ChainIndexer.Chain;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Telemetry;
using MedRec.IntegrationTests.Access;
using MedRec.Silo.ServiceDefaults;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace MedRec.IntegrationTests.Telemetry;

/// <summary>MedRec's spans and metrics on the real access path (anvil, mirror, PostgreSQL stores), collected with the
/// same source and meter lists the service defaults export, into OpenTelemetry's in-memory exporter.</summary>
[Collection(AccessCollection.Name)]
public sealed class TelemetryTests(AccessFixture world)
{
    private static readonly ActivitySource TestSource = new("MedRec.IntegrationTests");

    [Fact]
    public async Task A_gatekeeper_read_is_one_trace_through_the_grain_call_to_the_store_and_counts_its_decision()
    {
        var provider = world.Providers[0];
        var patient = await world.NewPatientAsync();
        var published = await world.Publisher(provider).AddAsync(patient.Address, TestRecords.Some(2), CancellationToken.None);
        await world.WaitForPointersAsync(patient, provider, published);

        var spans = new List<Activity>();
        var metrics = new List<MetricSnapshot>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddMedRecSources().AddSource(TestSource.Name).AddInMemoryExporter(spans).Build();
        using var meters = Sdk.CreateMeterProviderBuilder().AddMedRecMeters().AddInMemoryExporter(metrics).Build();

        GatekeeperAnswer answer;
        ActivityTraceId traceId;
        ActivitySpanId rootId;
        using (var root = TestSource.StartActivity("test.read"))
        {
            Assert.NotNull(root);
            (traceId, rootId) = (root.TraceId, root.SpanId);
            var request = world.Sign(patient, patient, provider.Address, AccessRequest.ZeroPointer);
            answer = await world.Grains.GetGrain<IGatekeeperGrain>(provider.Address).ReadAsync(request);
        }

        Assert.Equal(ProviderOutcome.Ok, answer.Outcome);

        // The grain side's spans end as its answer goes out; poll until the chain from the gatekeeper's span up to the
        // test's root has been exported.
        var trace = await ExportedAsync(tracing, spans, traceId, found =>
            found.FirstOrDefault(s => s.OperationName == "medrec.gatekeeper.read") is { } gatekeeper && Ancestry(found, gatekeeper).Last().SpanId == rootId,
            "the gatekeeper's span and every span between it and the test's root");

        var read = trace.Single(s => s.OperationName == "medrec.gatekeeper.read");
        Assert.Equal(provider.Address, read.GetTagItem("medrec.provider"));
        Assert.Equal("ok", read.GetTagItem("medrec.outcome"));
        var ancestry = Ancestry(trace, read);
        Assert.True(ancestry.Count >= 3, $"expected Orleans' client and server spans between the test and the gatekeeper, found {string.Join(" <- ", ancestry.Select(s => s.DisplayName))}");
        Assert.Contains(ancestry, s => s.Source.Name == "Microsoft.Orleans.Application" && s.Kind == ActivityKind.Client);
        Assert.Contains(ancestry, s => s.Source.Name == "Microsoft.Orleans.Application" && s.Kind == ActivityKind.Server);

        // Under the gatekeeper: its call to the nonce grain (the relationship's view comes from the silo's copy when
        // its grain is active here) and one store read for all the request's pointers, with PostgreSQL's own spans
        // beneath it: the pointers' definitions, then their queries in one batch (ADR 0005).
        Assert.Contains(trace, s => s.ParentSpanId == read.SpanId && s.Source.Name == "Microsoft.Orleans.Application");
        Assert.True(published.Count > 1, "the read should cover several pointers");
        var storeRead = Assert.Single(trace, s => s.OperationName == "medrec.store.read-pointers");
        Assert.Equal(read.SpanId, storeRead.ParentSpanId);
        Assert.Equal("postgresql", storeRead.GetTagItem("db.system.name"));
        Assert.Equal(2, trace.Count(s => s.ParentSpanId == storeRead.SpanId && s.Source.Name == "Npgsql"));
        Assert.DoesNotContain(trace, s => s.OperationName == "medrec.store.query");

        meters.ForceFlush();
        var decisions = metrics.Where(m => m.Name == MedRecTelemetry.GatekeeperDecisionsInstrument)
            .SelectMany(m => m.MetricPoints)
            .Where(p => Tag(p, "medrec.provider") == provider.Address && Tag(p, "medrec.outcome") == "ok" && Tag(p, "medrec.action") == "read")
            .Sum(p => p.GetSumLong());
        Assert.Equal(1, decisions);
    }

    [Fact]
    public async Task A_denied_read_counts_its_reason()
    {
        var provider = world.Providers[1];
        var patient = await world.NewPatientAsync();
        var stranger = await world.NewPatientAsync();
        var published = await world.Publisher(provider).AddAsync(patient.Address, TestRecords.Some(1), CancellationToken.None);
        await world.WaitForPointersAsync(patient, provider, published);

        var metrics = new List<MetricSnapshot>();
        using var meters = Sdk.CreateMeterProviderBuilder().AddMedRecMeters().AddInMemoryExporter(metrics).Build();
        var answer = await world.Grains.GetGrain<IGatekeeperGrain>(provider.Address)
            .ReadAsync(world.Sign(stranger, patient, provider.Address, AccessRequest.ZeroPointer));

        Assert.Equal(ProviderOutcome.Denied, answer.Outcome);
        meters.ForceFlush();
        var denied = metrics.Where(m => m.Name == MedRecTelemetry.GatekeeperDecisionsInstrument)
            .SelectMany(m => m.MetricPoints)
            .Where(p => Tag(p, "medrec.provider") == provider.Address && Tag(p, "medrec.outcome") == "denied")
            .ToList();
        var point = Assert.Single(denied);
        Assert.Equal(AccessDenials.NoGrant, Tag(point, "medrec.reason"));
        Assert.Equal(1, point.GetSumLong());
    }

    [Fact]
    public async Task A_whole_history_fan_out_records_its_latency_and_outcome()
    {
        var (first, second) = (world.Providers[0], world.Providers[1]);
        var patient = await world.NewPatientAsync();
        foreach (var provider in new[] { first, second })
        {
            var published = await world.Publisher(provider).AddAsync(patient.Address, TestRecords.Some(1), CancellationToken.None);
            await world.WaitForPointersAsync(patient, provider, published);
        }

        await world.WaitForSummaryAsync(patient, first, second);

        // Other collections fan out in this process too: the measurement that counts is the one taken inside this
        // test's trace (the fan-out's span is current when it is recorded).
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddMedRecSources().AddSource(TestSource.Name).AddInMemoryExporter(spans).Build();
        var measured = new List<(double Seconds, string? Outcome, ActivityTraceId? Trace)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == MedRecTelemetry.Name && instrument.Name == MedRecTelemetry.FanOutDurationInstrument) l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            string? outcome = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "medrec.outcome") outcome = tag.Value?.ToString();
            }

            lock (measured) measured.Add((seconds, outcome, Activity.Current?.TraceId));
        });
        listener.Start();

        HistoryAnswer answer;
        ActivityTraceId traceId;
        using (var root = TestSource.StartActivity("test.history"))
        {
            Assert.NotNull(root);
            traceId = root.TraceId;
            answer = await world.Grains.GetGrain<IHistoryGrain>(0).ReadHistoryAsync(world.Sign(patient, patient, AccessRequest.ZeroAddress, AccessRequest.ZeroPointer));
        }

        Assert.All(answer.Providers, p => Assert.Equal(ProviderOutcome.Ok, p.Outcome));
        List<(double Seconds, string? Outcome, ActivityTraceId? Trace)> mine;
        lock (measured) mine = measured.Where(m => m.Trace == traceId).ToList();
        var measurement = Assert.Single(mine);
        Assert.Equal("complete", measurement.Outcome);
        Assert.True(measurement.Seconds > 0, $"a fan-out took {measurement.Seconds} s");
    }

    [Fact]
    public async Task Grain_calls_are_measured_by_orleans_own_meter_which_the_service_defaults_export()
    {
        var metrics = new List<MetricSnapshot>();
        using var meters = Sdk.CreateMeterProviderBuilder().AddMedRecMeters().AddInMemoryExporter(metrics).Build();
        var asker = await world.NewPatientAsync();

        var nonces = world.Grains.GetGrain<INonceGrain>($"{world.Providers[0].Address}:{asker.Address}");
        Assert.True(await nonces.TryUseAsync(Guid.NewGuid().ToString("N"), (ulong)DateTimeOffset.UtcNow.AddMinutes(5).ToUnixTimeSeconds()));

        meters.ForceFlush();
        var orleans = metrics.Where(m => m.MeterName == "Microsoft.Orleans").ToList();
        var latency = orleans.Where(m => m.Name == "orleans-app-requests-latency").SelectMany(m => m.MetricPoints).ToList();
        Assert.True(latency.Sum(p => p.GetHistogramCount()) >= 1,
            $"no grain call in orleans-app-requests-latency; Orleans' meter exported {string.Join(", ", orleans.Select(m => m.Name).Distinct())}");
    }

    [Fact]
    public async Task A_chain_call_is_a_client_span_with_its_rpc_request_beneath_it()
    {
        var spans = new List<Activity>();
        using var tracing = Sdk.CreateTracerProviderBuilder().AddMedRecSources().AddSource(TestSource.Name)
            .AddHttpClientInstrumentation().AddInMemoryExporter(spans).Build();
        var reader = new ChainReader(world.Chain.Deployment.RpcUrl, world.Chain.Deployment.Contracts);

        ActivityTraceId traceId;
        using (var root = TestSource.StartActivity("test.chain"))
        {
            Assert.NotNull(root);
            traceId = root.TraceId;
            Assert.True(await reader.IsActiveProviderAsync(world.Providers[0].Client.Address));
        }

        var trace = await ExportedAsync(tracing, spans, traceId,
            found => found.Any(s => s.OperationName == "medrec.chain.call IsActiveProvider"), "the chain call's span");
        var call = trace.Single(s => s.OperationName == "medrec.chain.call IsActiveProvider");
        Assert.Equal(ActivityKind.Client, call.Kind);
        Assert.Equal(world.Chain.Deployment.Contracts.Registrar, call.GetTagItem("medrec.chain.contract"));
        Assert.Contains(trace, s => s.ParentSpanId == call.SpanId && s.Kind == ActivityKind.Client && s.GetTagItem("http.request.method") is "POST");
    }

    private static async Task<List<Activity>> ExportedAsync(
        TracerProvider tracing, List<Activity> spans, ActivityTraceId traceId, Func<List<Activity>, bool> complete, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            tracing.ForceFlush();
            List<Activity> found;
            lock (spans) found = spans.Where(s => s.TraceId == traceId).ToList();
            if (complete(found)) return found;
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"not exported within 10 s: {what}; the trace held {string.Join(", ", found.Select(s => s.DisplayName))}");
            }

            await Task.Delay(20);
        }
    }

    /// <summary>The span's exported ancestors, nearest first, up to the first one whose parent was not exported.</summary>
    private static List<Activity> Ancestry(List<Activity> trace, Activity span)
    {
        var byId = trace.ToDictionary(s => s.SpanId);
        var ancestry = new List<Activity>();
        var current = span;
        while (byId.TryGetValue(current.ParentSpanId, out var parent))
        {
            ancestry.Add(parent);
            current = parent;
        }

        return ancestry.Count == 0 ? [span] : ancestry;
    }

    private static string? Tag(MetricPoint point, string key)
    {
        foreach (var tag in point.Tags)
        {
            if (tag.Key == key) return tag.Value?.ToString();
        }

        return null;
    }
}
