using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Indexing;
using MedRec.ChainIndexer.Reconciliation;
using MedRec.Grains.Abstractions.Chain;
using MedRec.Silo.Storage;
using MedRec.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MedRec.IntegrationTests;

/// <summary>The indexer outside the silo: an Orleans client process publishing to a silo cluster whose own indexer is off.</summary>
[Collection(PostgresCollection.Name)]
public sealed class StandaloneIndexerTests(PostgresFixture postgres)
{
    [Fact]
    public async Task An_indexer_running_as_an_Orleans_client_fills_the_mirror_of_a_silo_that_does_not_index()
    {
        await using var chain = await TestChain.StartAsync();
        await new ChainScript(chain, seed: 31).RunAsync(operations: 150);
        var directory = Directory.CreateTempSubdirectory("medrec-standalone-").FullName;
        try
        {
            var deploymentFile = Path.Combine(directory, "deployment.json");
            await DeploymentFile.WriteAsync(deploymentFile, chain.Deployment);
            var database = await postgres.CreateDatabaseAsync("standalone");
            var settings = new Dictionary<string, string?>
            {
                ["Orleans:ClusterId"] = $"cluster-{Guid.NewGuid():N}",
                ["Orleans:ServiceId"] = $"medrec-{Guid.NewGuid():N}",
                ["MedRec:Storage:Provider"] = "PostgreSql",
                ["MedRec:Storage:ConnectionString"] = database,
                ["MedRec:Storage:ApplySchema"] = "true",
                ["MedRec:Indexer:Enabled"] = "false",
                ["MedRec:Indexer:DeploymentFile"] = deploymentFile,
            };
            await using var silo = await TestSilo.StartAsync(settings, mirror: true);
            Assert.Null(silo.Services.GetRequiredService<ChainIndexerWorker>().Service);

            var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Configuration.AddInMemoryCollection(settings);
            builder.Configuration["MedRec:Indexer:Enabled"] = "true";
            builder.UseOrleansClient(client => client
                .UseAdoNetClustering(o => { o.Invariant = SiloStorageOptions.NpgsqlInvariant; o.ConnectionString = database; })
                .AddMemoryStreams(ChainStreams.ProviderName));
            builder.Services.AddChainIndexer(builder.Configuration);
            using var indexerProcess = builder.Build();
            await indexerProcess.StartAsync();

            var head = (ulong)(await chain.Node.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
            var checkpoint = silo.Grains.GetGrain<IIndexerCheckpointGrain>(chain.Deployment.Contracts.Registrar.ToLowerInvariant());
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while ((await checkpoint.GetAsync())?.NextBlock <= head || await checkpoint.GetAsync() is null)
            {
                Assert.True(DateTime.UtcNow < deadline, "the standalone indexer did not catch up within 60 s");
                await Task.Delay(20);
            }

            await indexerProcess.StopAsync();
            var report = await new MirrorReconciler(chain.Deployment, chain.Node.RpcUrl, silo.Grains).ReconcileAsync();
            Assert.True(report.Matches, string.Join("\n", report.Differences.Take(30)));
            Assert.True(report.Pointers > 20, $"too little was indexed: {report}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
