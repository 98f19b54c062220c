using System.Numerics;
using System.Security.Cryptography;
using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Contracts.Relationships;
using Nethereum.RPC.Eth.DTOs;
using Nethereum.Signer;

namespace MedRec.Bench;

/// <summary>
/// Gas per MedRec operation on a real anvil, each measured on fresh participants several times, side by side with
/// the original design's one-contract-per-relationship baseline (bench/contracts/PerRelationshipPpr.sol).
/// </summary>
public static class GasBenchmark
{
    private const int Repetitions = 5;

    public static async Task<int> RunAsync()
    {
        await using var node = await AnvilNode.StartAsync();
        var root = await NewAccountAsync(node, new ContractAddresses("", "", ""));
        var deployment = await ContractDeployer.DeployAsync(root, Random32());
        root = root.WithContracts(deployment.Contracts);
        var contracts = deployment.Contracts;

        var samples = new Dictionary<string, List<BigInteger>>();
        void Add(string operation, BigInteger gas) => (samples.TryGetValue(operation, out var list) ? list : samples[operation] = []).Add(gas);

        for (var i = 0; i < Repetitions; i++)
        {
            var patient = await NewAccountAsync(node, contracts);
            Add("register patient", Gas(await patient.RegisterPatientAsync(Random32())));
            var provider = await NewAccountAsync(node, contracts);
            Add("register provider", Gas(await root.RegisterProviderAsync(provider.Address, Random32(), "https://gatekeeper.example/fhir")));

            var first = Random32();
            Add("open relationship with its first pointer", Gas(await provider.PublishPointerAsync(patient.Address, first, Random32(), Random32())));
            Add("publish another pointer", Gas(await provider.PublishPointerAsync(patient.Address, Random32(), Random32(), Random32())));
            Add("update a pointer (new version)", Gas(await provider.PublishPointerAsync(patient.Address, first, Random32(), Random32())));
            var batch = Enumerable.Range(0, 100).Select(_ => new PointerInput { PointerId = Random32(), QueryCommitment = Random32(), DataHash = Random32() });
            Add("batch of 100 pointers, per pointer", Gas(await provider.PublishPointersAsync(patient.Address, batch)) / 100);

            var viewer = await NewAccountAsync(node, contracts);
            await viewer.RegisterPatientAsync(Random32());
            var expiry = DateTimeOffset.UtcNow.AddDays(30);
            Add("grant", Gas(await patient.GrantAccessAsync(provider.Address, first, viewer.Address, expiry)));
            Add("revoke", Gas(await patient.RevokeAccessAsync(provider.Address, first, viewer.Address)));
            Add("accept", Gas(await patient.AcceptRelationshipAsync(provider.Address)));

            // Baseline: the provider deploys one relationship contract per patient.
            var deploy = await provider.Web3.Eth.GetContractDeploymentHandler<PerRelationshipPprDeployment>()
                .SendRequestAndWaitForReceiptAsync(new PerRelationshipPprDeployment
                {
                    Patient = patient.Address, PointerId = Random32(), QueryCommitment = Random32(), DataHash = Random32(),
                });
            Add("baseline: open relationship with its first pointer", Gas(deploy));
            var baseline = deploy.ContractAddress;
            var baselinePointer = Random32();
            Add("baseline: publish another pointer", Gas(await provider.SendAsync(baseline,
                new BaselinePublishPointerFunction { PointerId = baselinePointer, QueryCommitment = Random32(), DataHash = Random32() })));
            Add("baseline: grant", Gas(await patient.SendAsync(baseline,
                new BaselineGrantAccessFunction { PointerId = baselinePointer, Viewer = viewer.Address, ExpiresAt = (ulong)expiry.ToUnixTimeSeconds() })));
            Add("baseline: revoke", Gas(await patient.SendAsync(baseline,
                new BaselineRevokeAccessFunction { PointerId = baselinePointer, Viewer = viewer.Address })));
        }

        var rows = new (string Operation, long? Goal, string? Baseline)[]
        {
            ("register patient", 50_000, null),
            ("register provider", null, null),
            ("open relationship with its first pointer", 75_000, "baseline: open relationship with its first pointer"),
            ("publish another pointer", 50_000, "baseline: publish another pointer"),
            ("update a pointer (new version)", null, null),
            ("batch of 100 pointers, per pointer", 25_000, null),
            ("grant", 50_000, "baseline: grant"),
            ("revoke", null, "baseline: revoke"),
            ("accept", null, null),
        };

        Console.WriteLine($"Gas per operation, median of {Repetitions} runs on fresh participants (min-max), anvil {node.RpcUrl}, hardfork prague");
        Console.WriteLine();
        Console.WriteLine("| operation | gas (median) | min-max | goal | met | baseline: contract per relationship | ours / baseline |");
        Console.WriteLine("| --- | ---: | --- | ---: | --- | ---: | ---: |");
        foreach (var (operation, goal, baselineName) in rows)
        {
            var ours = Median(samples[operation]);
            var met = goal is null ? "" : ours <= goal ? "yes" : "no";
            var baselineGas = baselineName is null ? (BigInteger?)null : Median(samples[baselineName]);
            var ratio = baselineGas is null ? "" : $"{(double)ours / (double)baselineGas.Value:0.00} ({(double)baselineGas.Value / (double)ours:0.0}x cheaper)";
            Console.WriteLine($"| {operation} | {ours:N0} | {samples[operation].Min():N0}-{samples[operation].Max():N0} | {(goal is null ? "" : $"<= {goal:N0}")} | {met} | {(baselineGas is null ? "" : $"{baselineGas:N0}")} | {ratio} |");
        }

        return 0;
    }

    private static async Task<ParticipantClient> NewAccountAsync(AnvilNode node, ContractAddresses contracts)
    {
        var key = EthECKey.GenerateKey();
        await node.FundAsync(key.GetPublicAddress());
        return new ParticipantClient(node.RpcUrl, node.ChainId, key, contracts);
    }

    private static BigInteger Gas(TransactionReceipt receipt) => receipt.GasUsed.Value;

    private static BigInteger Median(List<BigInteger> values) => values.Order().ElementAt(values.Count / 2);

    private static byte[] Random32() => RandomNumberGenerator.GetBytes(32);
}
