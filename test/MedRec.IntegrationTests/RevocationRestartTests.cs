using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Reconciliation;
using MedRec.Grains.Abstractions.Mirror;
using MedRec.TestSupport;

namespace MedRec.IntegrationTests;

/// <summary>Revocations bite at once in the silo as it runs in production (hosted indexer with confirmations, mirror on
/// PostgreSQL), and stay bitten across a silo restart.</summary>
[Collection(PostgresCollection.Name)]
public sealed class RevocationRestartTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_mined_revocation_is_enforced_before_any_confirmation_and_still_after_a_silo_restart()
    {
        await using var chain = await TestChain.StartAsync();
        var directory = Directory.CreateTempSubdirectory("medrec-revocation-").FullName;
        try
        {
            var deploymentFile = Path.Combine(directory, "deployment.json");
            await DeploymentFile.WriteAsync(deploymentFile, chain.Deployment);
            var settings = new Dictionary<string, string?>
            {
                ["Orleans:ClusterId"] = $"cluster-{Guid.NewGuid():N}",
                ["Orleans:ServiceId"] = $"medrec-{Guid.NewGuid():N}",
                ["MedRec:Storage:Provider"] = "PostgreSql",
                ["MedRec:Storage:ConnectionString"] = await postgres.CreateDatabaseAsync("revocation_restart"),
                ["MedRec:Storage:ApplySchema"] = "true",
                ["MedRec:Indexer:DeploymentFile"] = deploymentFile,
                ["MedRec:Indexer:Confirmations"] = "3",
                ["MedRec:Indexer:PollInterval"] = "00:00:00.010",
                ["MedRec:Streams:QueuePollInterval"] = "00:00:00.010",
            };
            var provider = await chain.NewProviderAsync();
            var patient = await chain.NewPatientAsync();
            var viewer = await chain.NewPatientAsync();
            var pointer = ChainFixture.RandomBytes32();
            await provider.Client.PublishPointerAsync(patient.Address, pointer, ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32());
            await patient.Client.GrantAccessAsync(provider.Address, pointer, viewer.Address, DateTimeOffset.UtcNow.AddYears(1));
            for (var i = 0; i < 3; i++) await Mine(chain);

            await using (var silo = await TestSilo.StartAsync(settings, mirror: true))
            {
                var relationship = silo.Grains.Relationship(patient.Address, provider.Address);
                await WaitForAsync(relationship, view => view.Grants.Any(g => g.Viewer == viewer.Address), "the confirmed grant");

                var revoked = await patient.Client.RevokeAccessAsync(provider.Address, pointer, viewer.Address);
                await WaitForAsync(relationship, view => view.Grants.All(g => g.Viewer != viewer.Address), "the revocation");
                Assert.Equal(revoked.BlockNumber.Value, (await chain.Node.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value);
            }

            // A new silo on the same storage: the revoked grant does not come back, neither at once nor once confirmed.
            await using (var silo = await TestSilo.StartAsync(settings, mirror: true))
            {
                var relationship = silo.Grains.Relationship(patient.Address, provider.Address);
                Assert.DoesNotContain((await relationship.GetAsync()).Grants, g => g.Viewer == viewer.Address);
                for (var i = 0; i < 3; i++) await Mine(chain);
                var head = (ulong)(await chain.Node.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
                var checkpoint = silo.Grains.GetGrain<MedRec.Grains.Abstractions.Chain.IIndexerCheckpointGrain>(chain.Deployment.Contracts.Registrar.ToLowerInvariant());
                var deadline = DateTime.UtcNow.AddSeconds(60);
                while ((await checkpoint.GetAsync())?.NextBlock <= head - 3)
                {
                    Assert.True(DateTime.UtcNow < deadline, "the indexer did not confirm the revocation's block within 60 s");
                    await Task.Delay(10);
                }

                Assert.DoesNotContain((await relationship.GetAsync()).Grants, g => g.Viewer == viewer.Address);
                var report = await new MirrorReconciler(chain.Deployment, chain.Node.RpcUrl, silo.Grains).ReconcileAsync();
                Assert.True(report.Matches, string.Join("\n", report.Differences.Take(30)));
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static Task Mine(TestChain chain) => chain.Node.Web3.Client.SendRequestAsync<object>("evm_mine");

    private static async Task WaitForAsync(IRelationshipGrain grain, Func<RelationshipView, bool> done, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!done(await grain.GetAsync()))
        {
            Assert.True(DateTime.UtcNow < deadline, $"the mirror did not show {what} within 60 s");
            await Task.Delay(5);
        }
    }
}
