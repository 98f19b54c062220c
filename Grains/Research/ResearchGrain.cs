using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Research;
using MedRec.Grains.Records;
using MedRec.Grains.Signing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Concurrency;

namespace MedRec.Grains.Research;

/// <summary>
/// Runs a research query. Its own checks (signature, route, body, query, researcher role, nonce <c>research:&lt;signer&gt;</c>,
/// quota, in that order) decide what the researcher is told; the query goes to every configured provider's gatekeeper
/// either way, with this grain's refusal if any, so each provider audits it (and checks it again itself). The shares are
/// merged and released by <see cref="ResearchRelease"/>. A fresh random hash key per query keeps patients unlinkable
/// across queries.
/// </summary>
[StatelessWorker]
public sealed partial class ResearchGrain(
    IOptions<ResearchOptions> options,
    ApiRequestVerifier verifier,
    IProviderStoreFactory stores,
    IValidatorParticipation participation,
    ILogger<ResearchGrain> logger) : Grain, IResearchGrain
{
    public async Task<ResearchAnswer> QueryAsync(SignedApiRequest request, string body)
    {
        ArgumentNullException.ThrowIfNull(request);
        body ??= "";
        var settings = options.Value;
        var started = Stopwatch.GetTimestamp();
        var (refusal, detail, query, quota) = await CheckAsync(request, body, settings);
        var key = RandomNumberGenerator.GetBytes(32);
        var share = new ResearchShareRequest(request, body, key, refusal);

        var providers = stores.ConfiguredProviders.OrderBy(p => p, StringComparer.Ordinal).ToList();
        using var deadline = new CancellationTokenSource(settings.Deadline);
        var answers = await Task.WhenAll(providers.Select(provider => AskAsync(provider, share, deadline.Token)));
        var outcomes = answers.Select(a => new ResearchProviderOutcome(a.Provider, a.Outcome, a.Reason)).ToList();
        if (refusal is not null)
        {
            LogRefused(logger, request.Request?.Signer, refusal);
            return ResearchAnswer.Refused(refusal, detail!, settings.K, outcomes, quota);
        }

        var cells = ResearchRelease.Release(query!, answers.Where(a => a.Outcome == ProviderOutcome.Ok).SelectMany(a => a.Cells), settings.K);
        LogAnswered(logger, query!.Canonical, cells.Count, cells.Count(c => c.Suppressed is not null), Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return new ResearchAnswer(null, null, query.Canonical, settings.K, cells, outcomes, quota);
    }

    private async Task<(string? Refusal, string? Detail, ResearchQuery? Query, ResearchQuota? Quota)> CheckAsync(
        SignedApiRequest request, string body, ResearchOptions settings)
    {
        ApiRequest verified;
        try
        {
            verified = verifier.Verify(request);
        }
        catch (AccessRequestRejectedException e)
        {
            return (e.Code, e.Message, null, null);
        }

        if (verified.Method != "POST" || verified.Path != ResearchDenials.Path)
            return (ResearchDenials.WrongRoute, $"A research query is signed as POST {ResearchDenials.Path}.", null, null);
        if (ApiRequestHasher.BodyHash(Encoding.UTF8.GetBytes(body)) != verified.BodyHash)
            return (ResearchDenials.BodyMismatch, "The body is not the one the signature covers.", null, null);

        ResearchQuery query;
        try
        {
            query = ResearchQuery.Parse(ResearchRequestBody.QueryOf(body));
        }
        catch (QueryRejectedException e)
        {
            return (e.Code, e.Message, null, null);
        }

        var researcher = await GrainFactory.GetGrain<IResearcherGrain>(verified.Signer).GetAsync();
        if (!researcher.Registered)
            return (ResearchDenials.NotResearcher, $"{verified.Signer} is not a researcher registered on chain.", query, null);

        if (!await GrainFactory.GetGrain<INonceGrain>($"research:{verified.Signer}").TryUseAsync(verified.Nonce, verified.ExpiresAt))
            return (AccessDenials.Replayed, "This request's nonce was used before.", query, null);

        if (!settings.QuotaEnabled) return (null, null, query, null);
        var (sealedBlocks, window) = await participation.SealedAsync(researcher.Validator ?? "", CancellationToken.None);
        var earned = window == 0 ? 0 : (int)((long)settings.QueriesPerDayAtFullShare * sealedBlocks / window);
        var allowed = Math.Max(settings.MinimumQueriesPerDay, earned);
        var (granted, used, retryAt) = await GrainFactory.GetGrain<IResearchQuotaGrain>(verified.Signer).TryConsumeAsync(allowed);
        var quota = new ResearchQuota(used, allowed, sealedBlocks, window, retryAt);
        return granted
            ? (null, null, query, quota)
            : (ResearchDenials.QuotaExceeded,
                $"{used} of {allowed} queries used in the last 24 hours; validator {researcher.Validator} sealed {sealedBlocks} of the last {window} blocks.",
                query, quota);
    }

    private async Task<ResearchShare> AskAsync(string provider, ResearchShareRequest request, CancellationToken deadline)
    {
        try
        {
            return await GrainFactory.GetGrain<IGatekeeperGrain>(provider).ResearchAsync(request).WaitAsync(deadline);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return ResearchShare.Refused(provider, ProviderOutcome.TimedOut, AccessDenials.DeadlineExceeded);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogUnavailable(logger, provider, e);
            return ResearchShare.Refused(provider, ProviderOutcome.Unavailable, AccessDenials.StoreUnavailable);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Research query by {Signer} refused: {Reason}")]
    private static partial void LogRefused(ILogger logger, string? signer, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Research query {Query}: {Cells} cells, {Suppressed} suppressed, {Milliseconds} ms")]
    private static partial void LogAnswered(ILogger logger, string query, int cells, int suppressed, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Research fan-out: gatekeeper {Provider} failed")]
    private static partial void LogUnavailable(ILogger logger, string provider, Exception error);
}
