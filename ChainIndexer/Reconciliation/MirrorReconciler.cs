using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Indexing;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Chain;
using MedRec.Grains.Abstractions.Mirror;
using MedRec.Grains.Abstractions.Research;
using Nethereum.Util;

namespace MedRec.ChainIndexer.Reconciliation;

/// <summary>
/// Compares every entity on chain with its mirror grain. The chain's logs only enumerate the entities; every value
/// compared is read from contract storage with eth_call, independently of the indexer.
/// </summary>
public sealed class MirrorReconciler(Deployment deployment, string rpcUrl, IGrainFactory grains)
{
    private const int Parallelism = 16;
    private readonly ChainReader _reader = new(rpcUrl, deployment.Contracts);
    private readonly RpcChainLogSource _logs = new(rpcUrl);
    private readonly ChainLogDecoder _decoder = new(deployment.Contracts);

    public async Task<ReconciliationReport> ReconcileAsync(CancellationToken cancellationToken = default)
    {
        var head = await _logs.GetHeadAsync(cancellationToken);
        var entities = await EnumerateAsync(head, cancellationToken);
        var differences = new System.Collections.Concurrent.ConcurrentBag<string>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };

        await Parallel.ForEachAsync(entities.Patients, options, async (p, _) => await ComparePatientAsync(p, entities, differences));
        await Parallel.ForEachAsync(entities.Providers, options, async (p, _) => await CompareProviderAsync(p, entities, differences));
        await Parallel.ForEachAsync(entities.Relationships, options, async (r, _) => await CompareRelationshipAsync(r, entities, differences));
        await Parallel.ForEachAsync(entities.Researchers, options, async (r, _) => await CompareResearcherAsync(r, differences));
        await Parallel.ForEachAsync(entities.EmergencyWindows.GroupBy(w => w.Patient), options,
            async (windows, _) => await CompareEmergencyAccessAsync(windows.Key, windows.Select(w => w.Provider), differences));

        return new ReconciliationReport(head, entities.Patients.Count, entities.Providers.Count, entities.Relationships.Count,
            entities.Pointers.Count, entities.Grants.Count, differences.Order(StringComparer.Ordinal).ToList(), entities.Researchers.Count);
    }

    private async Task ComparePatientAsync(string patient, ChainEntities entities, System.Collections.Concurrent.ConcurrentBag<string> differences)
    {
        var view = await grains.GetGrain<IPatientGrain>(patient).GetAsync();
        Check(differences, $"patient {patient} registered", await _reader.RoleOfAsync(patient) == ParticipantRole.Patient, view.Registered);
        Check(differences, $"patient {patient} identity", Hex(await _reader.IdentityOfAsync(patient)), view.IdentityHash ?? Hex(new byte[32]));
        Check(differences, $"patient {patient} research consent", await _reader.ResearchConsentOfAsync(patient), view.ResearchConsent);

        var mirrored = view.Relationships.ToDictionary(r => r.Counterparty, r => r.Status);
        foreach (var provider in mirrored.Keys.Union(entities.ProvidersOf(patient)))
        {
            Check(differences, $"patient {patient} summary status with {provider}",
                await _reader.StatusOfAsync(patient, provider), mirrored.GetValueOrDefault(provider));
        }
    }

    private async Task CompareProviderAsync(string provider, ChainEntities entities, System.Collections.Concurrent.ConcurrentBag<string> differences)
    {
        var view = await grains.GetGrain<IProviderGrain>(provider).GetAsync();
        Check(differences, $"provider {provider} registered", await _reader.RoleOfAsync(provider) == ParticipantRole.Provider, view.Registered);
        Check(differences, $"provider {provider} identity", Hex(await _reader.IdentityOfAsync(provider)), view.IdentityHash ?? Hex(new byte[32]));
        Check(differences, $"provider {provider} endpoint", await _reader.EndpointOfAsync(provider), view.Endpoint ?? "");
        Check(differences, $"provider {provider} revoked", await _reader.IsRevokedAsync(provider), view.Revoked);

        var mirrored = view.Patients.ToDictionary(r => r.Counterparty, r => r.Status);
        foreach (var patient in mirrored.Keys.Union(entities.PatientsOf(provider)))
        {
            Check(differences, $"provider {provider} status with patient {patient}",
                await _reader.StatusOfAsync(patient, provider), mirrored.GetValueOrDefault(patient));
        }
    }

    private async Task CompareResearcherAsync(string researcher, System.Collections.Concurrent.ConcurrentBag<string> differences)
    {
        var view = await grains.GetGrain<IResearcherGrain>(researcher).GetAsync();
        Check(differences, $"researcher {researcher} registered", await _reader.RoleOfAsync(researcher) == ParticipantRole.Researcher, view.Registered);
        Check(differences, $"researcher {researcher} identity", Hex(await _reader.IdentityOfAsync(researcher)), view.IdentityHash ?? Hex(new byte[32]));
        Check(differences, $"researcher {researcher} validator", (await _reader.ValidatorOfAsync(researcher)).ToLowerInvariant(), view.Validator ?? ZeroAddress);
    }

    /// <summary>Each provider's window as the contract stores it (expiry, 0 once closed) against the mirror's latest opening.</summary>
    private async Task CompareEmergencyAccessAsync(string patient, IEnumerable<string> providers, System.Collections.Concurrent.ConcurrentBag<string> differences)
    {
        var view = await grains.GetGrain<IEmergencyAccessGrain>(patient).GetAsync();
        foreach (var provider in providers.Union(view.Windows.Select(w => w.Provider)))
        {
            var latest = view.Windows.LastOrDefault(w => w.Provider == provider);
            Check(differences, $"emergency access of {provider} to {patient} expiry",
                await _reader.EmergencyExpiryOfAsync(patient, provider), latest is null || latest.ClosedAt != 0 ? 0UL : latest.ExpiresAt);
        }
    }

    private const string ZeroAddress = "0x0000000000000000000000000000000000000000";

    private async Task CompareRelationshipAsync(
        (string Patient, string Provider) relationship, ChainEntities entities, System.Collections.Concurrent.ConcurrentBag<string> differences)
    {
        var (patient, provider) = relationship;
        var name = $"relationship {patient}:{provider}";
        var view = await grains.Relationship(patient, provider).GetAsync();
        Check(differences, $"{name} status", await _reader.StatusOfAsync(patient, provider), view.Status);

        var pointers = view.Pointers.ToDictionary(p => p.PointerId);
        foreach (var pointerId in pointers.Keys.Union(entities.PointersOf(patient, provider)))
        {
            var stored = await _reader.PointerOfAsync(patient, provider, Bytes(pointerId));
            var mirror = pointers.GetValueOrDefault(pointerId);
            Check(differences, $"{name} pointer {pointerId} version", stored.Version, mirror?.Version ?? 0);
            Check(differences, $"{name} pointer {pointerId} content digest", Hex(stored.ContentDigest),
                mirror is null ? Hex(new byte[24]) : Hex(ContentDigest(mirror.QueryCommitment, mirror.DataHash)));
        }

        var grants = view.Grants.ToDictionary(g => (g.PointerId, g.Viewer));
        foreach (var (pointerId, viewer) in grants.Keys.Union(entities.GrantsOf(patient, provider)))
        {
            var stored = await _reader.GrantOfAsync(patient, provider, Bytes(pointerId), viewer);
            var mirror = grants.GetValueOrDefault((pointerId, viewer));
            Check(differences, $"{name} grant of {pointerId} to {viewer} expiry", stored.ExpiresAt, mirror?.ExpiresAt ?? 0);
            Check(differences, $"{name} grant of {pointerId} to {viewer} purposes",
                (PurposeSet)stored.Purposes, mirror?.Purposes ?? PurposeSet.None);
        }
    }

    private async Task<ChainEntities> EnumerateAsync(ulong head, CancellationToken cancellationToken)
    {
        var entities = new ChainEntities();
        const ulong range = 5_000;
        for (var from = deployment.DeploymentBlock; from <= head; from += range)
        {
            var logs = await _logs.GetLogsAsync(from, Math.Min(head, from + range - 1), _decoder.Addresses, cancellationToken);
            foreach (var log in logs)
            {
                if (_decoder.Decode(log).Event is { } chainEvent) entities.Add(chainEvent);
            }
        }

        return entities;
    }

    private static void Check<T>(System.Collections.Concurrent.ConcurrentBag<string> differences, string what, T chain, T mirror)
    {
        if (!EqualityComparer<T>.Default.Equals(chain, mirror)) differences.Add($"{what}: chain={chain} mirror={mirror}");
    }

    /// <summary>The PPR contract's content digest: the first 24 bytes of keccak256(commitment ‖ data hash).</summary>
    public static byte[] ContentDigest(string queryCommitment, string dataHash) =>
        Sha3Keccack.Current.CalculateHash([.. Bytes(queryCommitment), .. Bytes(dataHash)])[..24];

    private static byte[] Bytes(string hex) => Convert.FromHexString(hex.StartsWith("0x", StringComparison.Ordinal) ? hex[2..] : hex);

    private static string Hex(byte[] bytes) => "0x" + Convert.ToHexStringLower(bytes);
}
