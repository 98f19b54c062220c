using System.Security.Cryptography;
using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Contracts.AuditAnchors;
using MedRec.ChainIndexer.Contracts.Relationships;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Chain;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;

namespace MedRec.Bench;

/// <summary>
/// Issue 2: gas per MedRec operation (receipt.GasUsed) on a throwaway anvil, every operation on fresh participants
/// and repeated, next to the original design's one-contract-per-relationship baseline
/// (bench/contracts/PerRelationshipPpr.sol) measured in the same run.
/// </summary>
public static class GasBenchmark
{
    public const int Repetitions = 5;
    public const int BatchSize = 100;

    private const string RegisterPatient = "register a patient";
    private const string RegisterProvider = "register a provider (by a certifier)";
    private const string OpenRelationship = "open a relationship with its first pointer";
    private const string AnotherPointer = "publish another pointer";
    private const string UpdatePointer = "update a pointer (new version)";
    private const string PointerWhenAccepted = "publish a pointer to an accepted relationship (flags pending update)";
    private const string BatchPerPointer = "batch of 100 pointers, per pointer";
    private const string Grant = "grant a viewer one pointer";
    private const string Revoke = "revoke that grant";
    private const string Accept = "accept the relationship";
    private const string FirstAuditAnchor = "audit anchor: a provider's first (AuditAnchors.anchor)";
    private const string NextAuditAnchor = "audit anchor: the next range";

    private const string BaselineDeploy = "baseline: deploy (opens with the first pointer)";
    private const string BaselineAddPointer = "baseline: addPointer";
    private const string BaselineUpdatePointer = "baseline: addPointer (new version)";
    private const string BaselineGrant = "baseline: grant";
    private const string BaselineRevoke = "baseline: revoke";

    /// <summary>The table's rows: our operation, the issue's goal (if any) and the baseline operation it compares to.</summary>
    private static readonly (string Operation, long? Goal, string? Baseline)[] Rows =
    [
        (RegisterPatient, 50_000, null),
        (RegisterProvider, null, null),
        (OpenRelationship, 75_000, BaselineDeploy),
        (AnotherPointer, 50_000, BaselineAddPointer),
        (PointerWhenAccepted, 50_000, BaselineAddPointer),
        (UpdatePointer, null, BaselineUpdatePointer),
        (BatchPerPointer, 25_000, null),
        (Grant, 50_000, BaselineGrant),
        (Revoke, null, BaselineRevoke),
        (Accept, null, null),
        (FirstAuditAnchor, null, null),
        (NextAuditAnchor, null, null),
    ];

    public static async Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        await using var node = await AnvilNode.StartAsync(cancellationToken: cancellationToken);
        var clientVersion = await node.Web3.Client.SendRequestAsync<string>("web3_clientVersion");

        var root = await NewParticipantAsync(node, new ContractAddresses("", "", ""));
        var deployment = await ContractDeployer.DeployAsync(root, NewIdentity("root certifying authority"), cancellationToken);
        root = root.WithContracts(deployment.Contracts);
        var reader = new ChainReader(node.RpcUrl, deployment.Contracts);

        var samples = new GasSamples();
        for (var run = 0; run < Repetitions; run++)
        {
            await MeasureOnceAsync(node, root, reader, samples, run, cancellationToken);
        }

        WriteTable(output, samples, clientVersion);
        return 0;
    }

    private static void WriteTable(TextWriter output, GasSamples samples, string clientVersion)
    {
        output.WriteLine($"Gas per operation (receipt gasUsed, whole transaction), {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, " +
                         $"{Environment.ProcessorCount} cores, {clientVersion}, hardfork prague.");
        output.WriteLine($"Each value: median of {Repetitions} runs on fresh participants (min-max when they differ); " +
                         "'met?' is judged on the maximum; ratio = ours / baseline.");
        output.WriteLine();
        output.WriteLine("| operation | gas | goal | met? | baseline (per-relationship contract) | ratio |");
        output.WriteLine("| --- | ---: | ---: | :---: | ---: | ---: |");
        foreach (var (operation, goal, baselineOperation) in Rows)
        {
            var ours = samples.Of(operation);
            var met = goal is null ? "" : ours.Max <= goal ? "yes" : "no";
            var baseline = baselineOperation is null ? (GasSamples.Summary?)null : samples.Of(baselineOperation);
            var ratio = baseline is { } b ? $"{(double)ours.Median / b.Median:0.00}" : "";
            output.WriteLine($"| {operation} | {ours} | {(goal is null ? "" : $"<= {goal:N0}")} | {met} | {baseline?.ToString() ?? ""} | {ratio} |");
        }
    }

    /// <summary>One pass over every operation with a fresh patient, provider and viewer.</summary>
    private static async Task MeasureOnceAsync(
        AnvilNode node, ParticipantClient root, ChainReader reader, GasSamples samples, int run, CancellationToken ct)
    {
        var contracts = root.Contracts;
        var patient = await NewParticipantAsync(node, contracts);
        var provider = await NewParticipantAsync(node, contracts);
        var viewer = await NewParticipantAsync(node, contracts);

        samples.Add(RegisterPatient, Gas(await patient.RegisterPatientAsync(NewIdentity($"patient {run}"), ct)));
        samples.Add(RegisterProvider, Gas(await root.RegisterProviderAsync(
            provider.Address, NewIdentity($"provider {run}"), "https://gatekeeper.hospital.example/medrec", ct)));
        await viewer.RegisterPatientAsync(NewIdentity($"viewer {run}"), ct);

        var first = Random32();
        samples.Add(OpenRelationship, Gas(await provider.PublishPointerAsync(patient.Address, first, Random32(), Random32(), ct)));
        Require(await reader.StatusOfAsync(patient.Address, provider.Address) == RelationshipStatus.New, "relationship opened");
        samples.Add(AnotherPointer, Gas(await provider.PublishPointerAsync(patient.Address, Random32(), Random32(), Random32(), ct)));
        samples.Add(UpdatePointer, Gas(await provider.PublishPointerAsync(patient.Address, first, Random32(), Random32(), ct)));
        Require((await reader.PointerOfAsync(patient.Address, provider.Address, first)).Version == 2, "pointer updated to version 2");

        var batch = Enumerable.Range(0, BatchSize)
            .Select(_ => new PointerInput { PointerId = Random32(), QueryCommitment = Random32(), DataHash = Random32() })
            .ToList();
        samples.Add(BatchPerPointer, Gas(await provider.PublishPointersAsync(patient.Address, batch, ct)) / BatchSize);
        Require((await reader.PointerOfAsync(patient.Address, provider.Address, batch[^1].PointerId)).Version == 1, "batch published");

        var expiry = DateTimeOffset.UtcNow.AddDays(30);
        // A grant limited to some purposes writes the same one slot as one for all six (docs/adr/0012-purpose-of-use.md).
        var purposes = PurposeSet.Treatment | PurposeSet.Payment;
        samples.Add(Grant, Gas(await patient.GrantAccessAsync(provider.Address, first, viewer.Address, expiry, purposes, ct)));
        Require(await reader.GrantOfAsync(patient.Address, provider.Address, first, viewer.Address) is { ExpiresAt: not 0 } grant
            && (PurposeSet)grant.Purposes == purposes, "grant stored with its purposes");
        samples.Add(Revoke, Gas(await patient.RevokeAccessAsync(provider.Address, first, viewer.Address, ct)));
        samples.Add(Accept, Gas(await patient.AcceptRelationshipAsync(provider.Address, ct)));
        samples.Add(PointerWhenAccepted, Gas(await provider.PublishPointerAsync(patient.Address, Random32(), Random32(), Random32(), ct)));
        Require(await reader.StatusOfAsync(patient.Address, provider.Address) == RelationshipStatus.PendingUpdate,
            "accepted relationship flagged as pending update");

        // Audit anchors (issue 9): the provider anchors two consecutive ranges of its audit log.
        samples.Add(FirstAuditAnchor, Gas(await provider.SendAsync(contracts.AuditAnchors,
            new AnchorFunction { Root = Random32(), FirstSeq = 1, LastSeq = 100, EntryCount = 100 }, ct)));
        samples.Add(NextAuditAnchor, Gas(await provider.SendAsync(contracts.AuditAnchors,
            new AnchorFunction { Root = Random32(), FirstSeq = 101, LastSeq = 200, EntryCount = 100 }, ct)));
        Require((await reader.QueryDtoAsync<HeadOfFunction, HeadOfOutput>(contracts.AuditAnchors, new HeadOfFunction { Provider = provider.Address })).AnchorCount == 2,
            "two audit anchors stored");

        // Baseline: the same relationship in its own contract, deployed by the provider with the first pointer.
        var baselineFirst = Random32();
        var deployed = await provider.Web3.Eth.GetContractDeploymentHandler<PerRelationshipPprDeployment>()
            .SendRequestAndWaitForReceiptAsync(new PerRelationshipPprDeployment
            {
                Patient = patient.Address, Provider = provider.Address,
                PointerId = baselineFirst, QueryCommitment = Random32(), DataHash = Random32(),
            }, ct);
        Require(deployed.Status?.Value == 1 && !string.IsNullOrEmpty(deployed.ContractAddress), "baseline deployed");
        samples.Add(BaselineDeploy, Gas(deployed));
        var ppr = deployed.ContractAddress;

        var baselineSecond = Random32();
        samples.Add(BaselineAddPointer, Gas(await provider.SendAsync(ppr,
            new BaselineAddPointerFunction { PointerId = baselineSecond, QueryCommitment = Random32(), DataHash = Random32() }, ct)));
        samples.Add(BaselineUpdatePointer, Gas(await provider.SendAsync(ppr,
            new BaselineAddPointerFunction { PointerId = baselineFirst, QueryCommitment = Random32(), DataHash = Random32() }, ct)));
        Require((await reader.QueryDtoAsync<BaselinePointersFunction, BaselinePointerOutput>(
            ppr, new BaselinePointersFunction { PointerId = baselineFirst })).Version == 2, "baseline pointer updated to version 2");

        samples.Add(BaselineGrant, Gas(await patient.SendAsync(ppr, new BaselineGrantFunction
        {
            PointerId = baselineFirst, Viewer = viewer.Address, ExpiresAt = (ulong)expiry.ToUnixTimeSeconds(),
        }, ct)));
        Require(await reader.QueryAsync<BaselineGrantsFunction, ulong>(
            ppr, new BaselineGrantsFunction { PointerId = baselineFirst, Viewer = viewer.Address }) != 0, "baseline grant stored");
        samples.Add(BaselineRevoke, Gas(await patient.SendAsync(ppr,
            new BaselineRevokeFunction { PointerId = baselineFirst, Viewer = viewer.Address }, ct)));
    }

    private static async Task<ParticipantClient> NewParticipantAsync(AnvilNode node, ContractAddresses contracts)
    {
        var key = EthECKey.GenerateKey();
        await node.FundAsync(key.GetPublicAddress());
        return new ParticipantClient(node.RpcUrl, node.ChainId, key, contracts);
    }

    private static byte[] NewIdentity(string identity) => IdentityCommitment.Create(identity, IdentityCommitment.NewSalt());

    private static byte[] Random32() => RandomNumberGenerator.GetBytes(32);

    private static long Gas(TransactionReceipt receipt) => (long)receipt.GasUsed.Value;

    /// <summary>Each measured transaction must have done its job; a cheap no-op would make the figure meaningless.</summary>
    private static void Require(bool condition, string what)
    {
        if (!condition) throw new InvalidOperationException($"Gas benchmark: expected state not reached ({what}).");
    }
}
