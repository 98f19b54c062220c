using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Mirror;
using MedRec.Grains.Abstractions.Telemetry;
using MedRec.Grains.Signing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace MedRec.Grains.Access;

/// <summary>
/// The whole-history fan-out. It holds no authority of its own: it forwards the asker's signed request to every
/// provider in the patient's summary, and each gatekeeper verifies, decides, audits and spends the nonce under its own
/// key, so the same signed request is good once per provider.
/// </summary>
[StatelessWorker]
public sealed partial class HistoryGrain(IOptions<FanOutOptions> options, AccessRequestVerifier verifier, ILogger<HistoryGrain> logger)
    : Grain, IHistoryGrain
{
    public async Task<HistoryAnswer> ReadHistoryAsync(SignedAccessRequest request)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var activity = MedRecTelemetry.StartFanOut();
        return MedRecTelemetry.FannedOut(activity, started, await ReadHistoryUntracedAsync(request));
    }

    private async Task<HistoryAnswer> ReadHistoryUntracedAsync(SignedAccessRequest request)
    {
        var patient = (request.Request.Patient ?? "").ToLowerInvariant();
        var summary = await GrainFactory.GetGrain<IPatientGrain>(patient).GetAsync();
        var providers = summary.Relationships.Select(r => r.Counterparty).Distinct().ToList();

        // Recovered once here, the signature is remembered by this silo's verifier (a memo of a pure function, see
        // RecoveryMemo), so the gatekeepers here verify it for the price of a hash. The answer is not used: each
        // gatekeeper still verifies, refuses and audits on its own, and a bad request is refused by every one.
        if (providers.Count > 1)
        {
            try
            {
                verifier.Verify(request);
            }
            catch (AccessRequestRejectedException)
            {
            }
        }

        using var deadline = new CancellationTokenSource(options.Value.Deadline);
        var calls = providers.Select(provider => AskAsync(provider, request, deadline.Token)).ToList();
        var answers = await Task.WhenAll(calls);

        var records = answers
            .Where(a => a.Outcome is ProviderOutcome.Ok or ProviderOutcome.IntegrityFailed)
            .SelectMany(a => a.Pointers.Where(p => p.Verdict == IntegrityVerdict.Verified)
                .SelectMany(p => FhirBundles.Resources(p.BundleJson).Select(json => (a.Provider, json))))
            .ToList();
        return new HistoryAnswer(patient, answers, records.Count, FhirBundles.CollectionOfParsed(records));
    }

    private async Task<GatekeeperAnswer> AskAsync(string provider, SignedAccessRequest request, CancellationToken deadline)
    {
        try
        {
            return await GrainFactory.GetGrain<IGatekeeperGrain>(provider).ReadAsync(request).WaitAsync(deadline);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return GatekeeperAnswer.Refused(provider, ProviderOutcome.TimedOut, AccessDenials.DeadlineExceeded);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogUnavailable(logger, provider, e);
            return GatekeeperAnswer.Refused(provider, ProviderOutcome.Unavailable, AccessDenials.StoreUnavailable);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Fan-out: gatekeeper {Provider} failed")]
    private static partial void LogUnavailable(ILogger logger, string provider, Exception error);
}
