using System.Security.Cryptography;
using System.Text;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Research;
using MedRec.Grains.Records;
using MedRec.Grains.Research;
using MedRec.Grains.Signing;
using Microsoft.Extensions.DependencyInjection;

namespace MedRec.Grains.Access;

/// <summary>
/// The gatekeeper's part of a research query: it verifies the researcher's signed request itself (signature, route,
/// body hash, nonce under its own key, researcher role on the mirror, the query), so the research grain cannot forge
/// one; it counts only the patients the research cohort mirror says are opted in; it audits the query, granted or
/// refused, before answering; and it answers keyed hashes of patients, never an address.
/// </summary>
public sealed partial class GatekeeperGrain
{
    public async Task<ResearchShare> ResearchAsync(ResearchShareRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var now = time.GetUtcNow();
        var asker = Clip(request.Signed?.Request?.Signer);
        var requestHash = "";
        var queryHash = "";
        string? denial = null;
        ResearchQuery? query = null;
        ApiRequest? verified = null;
        try
        {
            var apiVerifier = ServiceProvider.GetRequiredService<ApiRequestVerifier>();
            verified = apiVerifier.Verify(request.Signed!);
            asker = verified.Signer;
            requestHash = "0x" + Convert.ToHexStringLower(new ApiRequestHasher(apiVerifier.Domain).Hash(verified));
        }
        catch (AccessRequestRejectedException e)
        {
            denial = e.Code;
        }

        if (verified is not null)
        {
            if (verified.Method != "POST" || verified.Path != ResearchDenials.Path) denial = ResearchDenials.WrongRoute;
            else if (ApiRequestHasher.BodyHash(Encoding.UTF8.GetBytes(request.Body ?? "")) != verified.BodyHash) denial = ResearchDenials.BodyMismatch;
            else
            {
                try
                {
                    query = ResearchQuery.Parse(ResearchRequestBody.QueryOf(request.Body!));
                    queryHash = query.Hash;
                }
                catch (QueryRejectedException e)
                {
                    denial = e.Code;
                }
            }
        }

        if (denial is null && !await GrainFactory.GetGrain<INonceGrain>($"{Provider}:{asker}").TryUseAsync(verified!.Nonce, verified.ExpiresAt))
            denial = AccessDenials.Replayed;
        if (denial is null && !(await GrainFactory.GetGrain<IResearcherGrain>(asker).GetAsync()).Registered) denial = ResearchDenials.NotResearcher;
        denial ??= request.Refusal;

        try
        {
            var store = stores.For(Provider);
            if (denial is not null)
            {
                LogDenied(logger, Provider, denial);
                await store.AppendAuditAsync(ResearchAudit(asker, queryHash, granted: false, denial, requestHash, now), CancellationToken.None);
                return ResearchShare.Refused(Provider, ProviderOutcome.Denied, denial);
            }

            var cells = await ShareAsync(store, query!, request.HashKey);
            await store.AppendAuditAsync(ResearchAudit(asker, queryHash, granted: true, "granted", requestHash, now), CancellationToken.None);
            return new ResearchShare(Provider, ProviderOutcome.Ok, null, cells);
        }
        catch (Exception e) when (e is ProviderStoreNotConfiguredException || IsStoreFailure(e))
        {
            LogStoreFailure(logger, Provider, e);
            return ResearchShare.Refused(Provider, ProviderOutcome.Unavailable, AccessDenials.StoreUnavailable);
        }
    }

    /// <summary>The store's rows of opted-in patients only, folded per cell, each patient as its keyed hash.</summary>
    private async Task<IReadOnlyList<ResearchCellShare>> ShareAsync(IProviderStore store, ResearchQuery query, byte[] hashKey)
    {
        var rows = await store.ResearchRowsAsync(query, CancellationToken.None);
        var addresses = rows.Select(r => r.PatientAddress).Distinct(StringComparer.Ordinal).ToList();
        var consenting = new HashSet<string>(StringComparer.Ordinal);
        var answers = await Task.WhenAll(addresses.GroupBy(ResearchCohort.ShardOf)
            .Select(shard => GrainFactory.GetGrain<IResearchCohortGrain>(shard.Key).ConsentingAsync(shard.ToList())));
        foreach (var answer in answers) consenting.UnionWith(answer);

        using var hmac = new HMACSHA256(hashKey);
        var hashes = new Dictionary<string, ulong>(StringComparer.Ordinal);
        var cells = new Dictionary<ResearchCellKey, (List<ulong> Patients, long Records, double Sum)>();
        foreach (var row in rows)
        {
            if (!consenting.Contains(row.PatientAddress)) continue;
            if (!hashes.TryGetValue(row.PatientAddress, out var hash))
            {
                hash = BitConverter.ToUInt64(hmac.ComputeHash(Encoding.UTF8.GetBytes(row.PatientAddress)), 0);
                hashes[row.PatientAddress] = hash;
            }

            var cell = cells.TryGetValue(row.Cell, out var existing) ? existing : ([], 0, 0);
            cell.Patients.Add(hash);
            cells[row.Cell] = (cell.Patients, cell.Records + row.Records, cell.Sum + row.ValueSum);
        }

        return cells.Select(c => new ResearchCellShare(c.Key, c.Value.Patients, c.Value.Records, c.Value.Sum)).ToList();
    }

    private AuditEntry ResearchAudit(string asker, string queryHash, bool granted, string reason, string requestHash, DateTimeOffset at) =>
        new(Guid.NewGuid().ToString("n"), at, Provider, "", Clip(asker), queryHash, AccessAction.Research, granted, reason, requestHash,
            Purpose.Research.ToWire());
}
