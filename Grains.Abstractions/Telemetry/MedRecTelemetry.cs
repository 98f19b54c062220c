using System.Diagnostics;
using System.Diagnostics.Metrics;
using MedRec.Grains.Abstractions.Access;

namespace MedRec.Grains.Abstractions.Telemetry;

/// <summary>
/// MedRec's own traces and metrics: one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named
/// <see cref="Name"/>, picked up by OpenTelemetry in the service defaults (Silo/ServiceDefaults). Lives here because
/// every emitter (the chain layer, the grains, the API) references this project; System.Diagnostics needs no package.
/// The indexer keeps its own meter (<c>MedRec.ChainIndexer</c>, with the lag gauge) because it is built per host
/// through IMeterFactory; the service defaults export both.
/// </summary>
/// <remarks>
/// Tags carry addresses, outcome codes and resource types only: never a patient's local id, a query's values or a
/// record, so a trace backend never holds protected health information.
/// </remarks>
public static class MedRecTelemetry
{
    /// <summary>The name of the activity source and of the meter.</summary>
    public const string Name = "MedRec";

    public const string GatekeeperDecisionsInstrument = "medrec.gatekeeper.decisions";
    public const string FanOutDurationInstrument = "medrec.history.fanout.duration";

    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> GatekeeperDecisions = Meter.CreateCounter<long>(
        GatekeeperDecisionsInstrument, "{decision}", "Gatekeeper decisions by provider, action, outcome and reason");

    // Buckets from 5 ms to the fan-out deadline's order of magnitude: the default buckets are in milliseconds' scale
    // while this histogram is in seconds, as OpenTelemetry's conventions ask.
    private static readonly Histogram<double> FanOutDuration = Meter.CreateHistogram(
        FanOutDurationInstrument, "s", "Whole-history fan-out latency, by outcome (complete when every provider answered ok)",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });

    /// <summary>Starts the span of one gatekeeper request (admission, decision on the mirror, store reads, audit).</summary>
    public static Activity? StartGatekeeper(string provider, AccessAction action)
    {
        var activity = ActivitySource.StartActivity(action == AccessAction.Read ? "medrec.gatekeeper.read" : "medrec.gatekeeper.read-audit");
        activity?.SetTag("medrec.provider", provider);
        return activity;
    }

    /// <summary>Records a gatekeeper's decision on its span and in the decisions counter; returns the outcome's value.</summary>
    public static T Decided<T>(Activity? activity, string provider, AccessAction action, ProviderOutcome outcome, string? reason, T result)
    {
        var outcomeName = OutcomeName(outcome);
        activity?.SetTag("medrec.outcome", outcomeName);
        activity?.SetTag("medrec.reason", reason);
        if (outcome is ProviderOutcome.Unavailable or ProviderOutcome.IntegrityFailed) activity?.SetStatus(ActivityStatusCode.Error, reason);
        GatekeeperDecisions.Add(1,
            new KeyValuePair<string, object?>("medrec.provider", provider),
            new KeyValuePair<string, object?>("medrec.action", action == AccessAction.Read ? "read" : "read-audit"),
            new KeyValuePair<string, object?>("medrec.outcome", outcomeName),
            new KeyValuePair<string, object?>("medrec.reason", reason ?? "granted"));
        return result;
    }

    /// <summary>Starts the span of a whole-history fan-out.</summary>
    public static Activity? StartFanOut() => ActivitySource.StartActivity("medrec.history.fanout");

    /// <summary>Records a fan-out's latency and per-provider outcome.</summary>
    public static HistoryAnswer FannedOut(Activity? activity, long startedTimestamp, HistoryAnswer answer)
    {
        var complete = answer.Providers.All(p => p.Outcome == ProviderOutcome.Ok);
        activity?.SetTag("medrec.providers", answer.Providers.Count);
        activity?.SetTag("medrec.providers.ok", answer.Providers.Count(p => p.Outcome == ProviderOutcome.Ok));
        FanOutDuration.Record(Stopwatch.GetElapsedTime(startedTimestamp).TotalSeconds,
            new KeyValuePair<string, object?>("medrec.outcome", complete ? "complete" : "partial"));
        return answer;
    }

    /// <summary>Starts the span of one provider-store query. <paramref name="storeKind"/> is the store's kind
    /// (PostgreSql, Sqlite, SqlServer); the query's values stay out of the span.</summary>
    public static Activity? StartStoreQuery(string storeKind, string operation, string? resourceType)
    {
        var activity = ActivitySource.StartActivity($"medrec.store.{operation}", ActivityKind.Client);
        if (activity is null) return null;
        activity.SetTag("db.system.name", storeKind switch
        {
            "PostgreSql" => "postgresql",
            "Sqlite" => "sqlite",
            "SqlServer" => "microsoft.sql_server",
            _ => storeKind.ToLowerInvariant(),
        });
        activity.SetTag("db.operation.name", operation);
        activity.SetTag("medrec.resource_type", resourceType);
        return activity;
    }

    /// <summary>Starts the span of one chain call: <paramref name="operation"/> is send (a transaction) or call
    /// (eth_call), <paramref name="function"/> the contract function's DTO name.</summary>
    public static Activity? StartChainCall(string operation, string function, string contract)
    {
        if (function.EndsWith("Function", StringComparison.Ordinal)) function = function[..^"Function".Length];
        var activity = ActivitySource.StartActivity($"medrec.chain.{operation} {function}", ActivityKind.Client);
        activity?.SetTag("medrec.chain.function", function);
        activity?.SetTag("medrec.chain.contract", contract);
        return activity;
    }

    /// <summary>Marks a span failed with the exception's type (its message may quote data, so it stays out).</summary>
    public static void Failed(Activity? activity, Exception error)
    {
        activity?.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
        activity?.SetTag("error.type", error.GetType().FullName);
    }

    private static string OutcomeName(ProviderOutcome outcome) => outcome switch
    {
        ProviderOutcome.Ok => "ok",
        ProviderOutcome.Denied => "denied",
        ProviderOutcome.TimedOut => "timed-out",
        ProviderOutcome.IntegrityFailed => "integrity-failed",
        ProviderOutcome.Unavailable => "unavailable",
        _ => outcome.ToString(),
    };
}
