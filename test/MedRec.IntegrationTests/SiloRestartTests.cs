using System.Net;
using System.Net.Sockets;
using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Indexing;
using MedRec.ChainIndexer.Reconciliation;
using MedRec.Grains.Abstractions.Chain;
using MedRec.Silo;
using MedRec.Silo.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Nethereum.Signer;

namespace MedRec.IntegrationTests;

/// <summary>The MedRec silo as it runs in production: mirror grains on PostgreSQL (ADO.NET), chain-event streams and
/// the indexer as a hosted service, restarted in the middle of a backfill.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SiloRestartTests(PostgresFixture postgres) : IAsyncLifetime, IChainWorld
{
    private readonly string _directory = Directory.CreateTempSubdirectory("medrec-silo-").FullName;

    public AnvilNode Node { get; private set; } = null!;
    public Deployment Deployment { get; private set; } = null!;
    public ParticipantClient Root { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Node = await AnvilNode.StartAsync();
        var key = EthECKey.GenerateKey();
        await Node.FundAsync(key.GetPublicAddress());
        var root = new ParticipantClient(Node.RpcUrl, Node.ChainId, key, new ContractAddresses("", "", ""));
        Deployment = await ContractDeployer.DeployAsync(root, ChainFixture.RandomBytes32());
        Root = root.WithContracts(Deployment.Contracts);
    }

    public async Task DisposeAsync()
    {
        await Node.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    public async Task<ParticipantClient> NewAccountAsync()
    {
        var key = EthECKey.GenerateKey();
        await Node.FundAsync(key.GetPublicAddress());
        return new ParticipantClient(Node.RpcUrl, Node.ChainId, key, Deployment.Contracts);
    }

    [Fact]
    public async Task A_silo_restarted_mid_backfill_resumes_from_PostgreSQL_and_the_mirror_equals_the_chain()
    {
        await new ChainScript(this, seed: 23).RunAsync(operations: 500);
        var head = (ulong)(await Node.Web3.Eth.Blocks.GetBlockNumber.SendRequestAsync()).Value;
        var deploymentFile = Path.Combine(_directory, "deployment.json");
        await DeploymentFile.WriteAsync(deploymentFile, Deployment);
        var settings = Settings(await postgres.CreateDatabaseAsync("silo_backfill"), deploymentFile);
        var checkpointKey = Deployment.Contracts.Registrar.ToLowerInvariant();

        IndexerCheckpoint stoppedAt;
        await using (var first = await SiloProcess.StartAsync(settings))
        {
            stoppedAt = await WaitForAsync(first, checkpointKey, c => c.NextBlock > Deployment.DeploymentBlock + 100, "a tenth of the backfill");
        }

        Assert.True(stoppedAt.NextBlock <= head, $"the first silo finished the backfill (next block {stoppedAt.NextBlock}, head {head}) before it was stopped");

        await using var second = await SiloProcess.StartAsync(settings);
        var resumedFrom = await second.Grains.GetGrain<IIndexerCheckpointGrain>(checkpointKey).GetAsync();
        Assert.True(resumedFrom!.NextBlock >= stoppedAt.NextBlock, "the checkpoint did not come back from PostgreSQL");
        await WaitForAsync(second, checkpointKey, c => c.NextBlock > head, "the end of the backfill");

        var report = await new MirrorReconciler(Deployment, Node.RpcUrl, second.Grains).ReconcileAsync();
        Assert.True(report.Matches, string.Join("\n", report.Differences.Take(30)));
        await MirrorAudit.AssertAppliedExactlyOnceAsync(this, second.Grains);
        var worker = second.Services.GetRequiredService<ChainIndexerWorker>();
        Assert.True(worker.Service is not null, "the indexer did not run as the silo's hosted service");
    }

    private static async Task<IndexerCheckpoint> WaitForAsync(SiloProcess silo, string key, Func<IndexerCheckpoint, bool> done, string what)
    {
        var grain = silo.Grains.GetGrain<IIndexerCheckpointGrain>(key);
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            if (await grain.GetAsync() is { } checkpoint && done(checkpoint)) return checkpoint;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the hosted indexer did not reach {what} within 120 s");
            await Task.Delay(20);
        }
    }

    private static Dictionary<string, string?> Settings(string connectionString, string deploymentFile) => new()
    {
        ["Orleans:ClusterId"] = $"cluster-{Guid.NewGuid():N}",
        ["Orleans:ServiceId"] = $"medrec-{Guid.NewGuid():N}",
        ["MedRec:Storage:Provider"] = "PostgreSql",
        ["MedRec:Storage:ConnectionString"] = connectionString,
        ["MedRec:Storage:ApplySchema"] = "true",
        ["MedRec:Indexer:DeploymentFile"] = deploymentFile,
        ["MedRec:Indexer:BlockBatchSize"] = "10",
        ["MedRec:Indexer:PollInterval"] = "00:00:00.010",
    };

    /// <summary>A silo configured as Silo/Program.cs configures it, on free loopback ports.</summary>
    private sealed class SiloProcess(IHost host) : IAsyncDisposable
    {
        public IServiceProvider Services => host.Services;
        public IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();

        public static async Task<SiloProcess> StartAsync(IReadOnlyDictionary<string, string?> settings)
        {
            var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
            builder.Configuration.AddInMemoryCollection(settings);
            builder.UseOrleans(silo => silo
                .AddMedRecStorage(builder.Configuration)
                .AddChainEventStreams()
                .ConfigureEndpoints(IPAddress.Loopback, FreeLoopbackPort(), FreeLoopbackPort()));
            builder.Services.AddChainIndexer(builder.Configuration);
            var host = builder.Build();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StartAsync(timeout.Token);
            return new SiloProcess(host);
        }

        public async ValueTask DisposeAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await host.StopAsync(timeout.Token);
            host.Dispose();
        }

        private static int FreeLoopbackPort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
