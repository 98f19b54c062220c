using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Mirror;
using MedRec.Grains.Abstractions.Telemetry;
using MedRec.Grains.Mirror;
using MedRec.Grains.Receipts;
using MedRec.Grains.Records;
using MedRec.Grains.Signing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace MedRec.Grains.Access;

/// <summary>
/// The gatekeeper of one provider (keyed by its address). Decides on the mirror, reads the provider's own store, checks
/// integrity against the chain, and audits every decision before answering. Reentrant: reads of one provider
/// interleave while they wait for the mirror and the database.
/// </summary>
[Reentrant]
public sealed partial class GatekeeperGrain(
    AccessRequestVerifier verifier,
    IProviderStoreFactory stores,
    RelationshipViewCache relationships,
    DecisionReceiptIssuer receipts,
    [FromKeyedServices(AccessServiceCollectionExtensions.ClockKey)] TimeProvider time,
    ILogger<GatekeeperGrain> logger) : Grain, IGatekeeperGrain
{
    private string Provider => this.GetPrimaryKeyString();

    public async Task<GatekeeperAnswer> ReadAsync(SignedAccessRequest signed)
    {
        using var activity = MedRecTelemetry.StartGatekeeper(Provider, AccessAction.Read);
        var answer = await ReadUntracedAsync(signed);
        return MedRecTelemetry.Decided(activity, Provider, AccessAction.Read, answer.Outcome, answer.Reason, answer);
    }

    public async Task<AuditTrail> ReadAuditAsync(SignedAccessRequest signed, int limit)
    {
        using var activity = MedRecTelemetry.StartGatekeeper(Provider, AccessAction.ReadAudit);
        var trail = await ReadAuditUntracedAsync(signed, limit);
        return MedRecTelemetry.Decided(activity, Provider, AccessAction.ReadAudit, trail.Outcome, trail.Reason, trail);
    }

    private async Task<GatekeeperAnswer> ReadUntracedAsync(SignedAccessRequest signed)
    {
        var now = time.GetUtcNow();
        var admission = await AdmitAsync(signed, AccessAction.Read);
        if (admission.Denial is { } denial) return await DenyAsync(admission, denial);

        var request = admission.Request!;
        var relationship = await relationships.GetAsync(GrainFactory, request.Patient, Provider);
        var decision = AccessDecision.Decide(relationship, request, (ulong)now.ToUnixTimeSeconds());
        // Break-the-glass (docs/adr/0011-break-the-glass.md): looked up only when the grants refuse a request that
        // declares an emergency (docs/adr/0012-purpose-of-use.md).
        var emergency = AccessDecision.MayBreakTheGlass(decision, request)
            ? await EmergencyWindowAsync(request, (ulong)now.ToUnixTimeSeconds()) : null;
        if (emergency is not null) decision = AccessDecision.DecideEmergency(relationship, request);
        if (!decision.Granted) return await DenyAsync(admission, decision.Reason!, relationship);
        var grantedReason = emergency is null ? "granted" : AccessDecision.BreakTheGlassAuditReason(emergency.JustificationCommitment);

        IProviderStore store;
        try
        {
            store = stores.For(Provider);
        }
        catch (ProviderStoreNotConfiguredException e)
        {
            LogStoreFailure(logger, Provider, e);
            return GatekeeperAnswer.Refused(Provider, ProviderOutcome.Unavailable, AccessDenials.StoreUnavailable);
        }

        IReadOnlyList<PointerAnswer> answers;
        try
        {
            // Every pointer in one read and every audit entry in one insert: per statement, the database's work is
            // mostly fixed cost. No answer leaves before its audit entries are stored.
            answers = await PointerReader.ReadManyAsync(store, request.Patient, decision.Pointers, CancellationToken.None);
            await store.AppendAuditAsync(answers.Select(answer => AuditOf(admission, answer.PointerId, granted: true,
                answer.Verdict == IntegrityVerdict.Verified ? grantedReason : AccessDenials.IntegrityFailed, now)).ToList(), CancellationToken.None);
        }
        catch (Exception e) when (IsStoreFailure(e))
        {
            LogStoreFailure(logger, Provider, e);
            return GatekeeperAnswer.Refused(Provider, ProviderOutcome.Unavailable, AccessDenials.StoreUnavailable);
        }

        var failed = answers.Any(a => a.Verdict != IntegrityVerdict.Verified);
        var outcome = failed ? ProviderOutcome.IntegrityFailed : ProviderOutcome.Ok;
        var reason = failed ? AccessDenials.IntegrityFailed : decision.Reason;
        var receipt = await receipts.IssueAsync(Provider, request, admission.RequestHash, relationship, outcome, reason, answers, now);
        return new GatekeeperAnswer(Provider, outcome, reason, answers, receipt);
    }

    private async Task<AuditTrail> ReadAuditUntracedAsync(SignedAccessRequest signed, int limit)
    {
        var now = time.GetUtcNow();
        var admission = await AdmitAsync(signed, AccessAction.ReadAudit);
        if (admission.Denial is null && admission.Request!.Asker != admission.Request.Patient)
            admission = admission with { Denial = AccessDenials.NotPatient };

        try
        {
            var store = stores.For(Provider);
            await store.AppendAuditAsync(AuditOf(admission, admission.Request?.PointerId ?? "", admission.Denial is null,
                admission.Denial ?? "granted", now), CancellationToken.None);
            if (admission.Denial is { } denial) return new AuditTrail(Provider, ProviderOutcome.Denied, denial, []);
            var entries = await store.AuditOfPatientAsync(admission.Request!.Patient, Math.Clamp(limit, 1, 1000), CancellationToken.None);
            return new AuditTrail(Provider, ProviderOutcome.Ok, null, entries);
        }
        catch (Exception e) when (e is ProviderStoreNotConfiguredException || IsStoreFailure(e))
        {
            LogStoreFailure(logger, Provider, e);
            return new AuditTrail(Provider, ProviderOutcome.Unavailable, AccessDenials.StoreUnavailable, []);
        }
    }

    /// <summary>The asker's open emergency window with the patient, or null; the asker must still be an active provider.</summary>
    private async Task<EmergencyWindow?> EmergencyWindowAsync(AccessRequest request, ulong nowUnixSeconds)
    {
        var window = (await GrainFactory.GetGrain<IEmergencyAccessGrain>(request.Patient).GetAsync()).OpenFor(request.Asker, nowUnixSeconds);
        if (window is null) return null;
        var asker = await GrainFactory.GetGrain<IProviderGrain>(request.Asker).GetAsync();
        return asker.Registered && !asker.Revoked ? window : null;
    }

    /// <summary>Signature, expiry, action, addressee and nonce: everything that does not need the mirror.</summary>
    private async Task<Admission> AdmitAsync(SignedAccessRequest signed, AccessAction action)
    {
        AccessRequest request;
        string requestHash;
        try
        {
            var verified = verifier.Verify(signed);
            request = verified.Request;
            requestHash = verified.RequestHash;
        }
        catch (AccessRequestRejectedException e)
        {
            return new Admission(null, "", signed.Request, e.Code);
        }

        if (request.Action != action) return new Admission(request, requestHash, signed.Request, AccessDenials.WrongAction);
        // The zero provider addresses every provider: a whole-history read, or the patient's audit trail across providers.
        if (request.Provider != Provider && !request.IsWholeHistory)
            return new Admission(request, requestHash, signed.Request, AccessDenials.WrongProvider);

        var nonces = GrainFactory.GetGrain<INonceGrain>($"{Provider}:{request.Asker}");
        if (!await nonces.TryUseAsync(request.Nonce, request.ExpiresAt))
            return new Admission(request, requestHash, signed.Request, AccessDenials.Replayed);

        return new Admission(request, requestHash, signed.Request, null);
    }

    /// <summary>Audits and answers a denial; one decided on the mirror (<paramref name="decidedOn"/>) carries a receipt.</summary>
    private async Task<GatekeeperAnswer> DenyAsync(Admission admission, string reason, RelationshipView? decidedOn = null)
    {
        LogDenied(logger, Provider, reason);
        try
        {
            await stores.For(Provider).AppendAuditAsync(
                AuditOf(admission, admission.Claimed.PointerId, granted: false, reason, time.GetUtcNow()), CancellationToken.None);
        }
        catch (Exception e) when (e is ProviderStoreNotConfiguredException || IsStoreFailure(e))
        {
            LogStoreFailure(logger, Provider, e);
            return GatekeeperAnswer.Refused(Provider, ProviderOutcome.Unavailable, AccessDenials.StoreUnavailable);
        }

        var receipt = decidedOn is null ? null : await receipts.IssueAsync(Provider, admission.Request!, admission.RequestHash,
            decidedOn, ProviderOutcome.Denied, reason, [], time.GetUtcNow());
        return new GatekeeperAnswer(Provider, ProviderOutcome.Denied, reason, [], receipt);
    }

    /// <summary>An audit entry. For a request whose signature failed, the asker and patient are what the request
    /// claimed (marked by an empty request hash): worth keeping, not worth trusting.</summary>
    private AuditEntry AuditOf(Admission admission, string pointerId, bool granted, string reason, DateTimeOffset at)
    {
        var request = admission.Request ?? admission.Claimed;
        return new AuditEntry(Guid.NewGuid().ToString("n"), at, Provider, Clip(request.Patient), Clip(request.Asker),
            Clip(pointerId), request.Action, granted, reason, admission.RequestHash,
            Enum.IsDefined(request.Purpose) ? request.Purpose.ToWire() : AuditEntry.UndeclaredPurpose);
    }

    private static string Clip(string? value) => value is null ? "" : value.Length <= 66 ? value.ToLowerInvariant() : value[..66].ToLowerInvariant();

    private static bool IsStoreFailure(Exception e) => e is System.Data.Common.DbException or TimeoutException or IOException
        or InvalidOperationException { Source: "Npgsql" or "Microsoft.Data.Sqlite" or "Core Microsoft SqlClient Data Provider" };

    private sealed record Admission(AccessRequest? Request, string RequestHash, AccessRequest Claimed, string? Denial);

    [LoggerMessage(Level = LogLevel.Information, Message = "Gatekeeper {Provider} denied a request: {Reason}")]
    private static partial void LogDenied(ILogger logger, string provider, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Gatekeeper {Provider} could not reach its store")]
    private static partial void LogStoreFailure(ILogger logger, string provider, Exception error);
}
