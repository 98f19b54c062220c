using MedRec.ChainIndexer.Chain;
using MedRec.ChainIndexer.Indexing;
using MedRec.Grains.Abstractions.Chain;
using MedRec.Grains.Abstractions.Mirror;
using Nethereum.Hex.HexTypes;
using Nethereum.RPC.Eth.DTOs;

namespace MedRec.IntegrationTests;

public sealed class IndexerCrashTests(MirrorFixture mirror) : IClassFixture<MirrorFixture>
{
    [Fact]
    public async Task An_indexer_stopped_mid_backfill_resumes_from_its_checkpoint_and_applies_nothing_twice()
    {
        var script = new ChainScript(mirror, seed: 11);
        await script.RunAsync(operations: 600);

        // First process: a few small ranges, then it is gone.
        var first = mirror.NewIndexer(mirror.Options(batch: 40));
        for (var i = 0; i < 5; i++) Assert.True(await first.RunOnceAsync(CancellationToken.None));
        var stoppedAt = first.Checkpoint!.NextBlock;

        // Second process: crashes after publishing a range but before saving its checkpoint.
        var crashing = new CrashingCheckpoint(mirror.Grains.GetGrain<IIndexerCheckpointGrain>(mirror.Deployment.Contracts.Registrar.ToLowerInvariant()));
        var second = new ChainIndexerService(mirror.Deployment, mirror.Options(batch: 40), new RpcChainLogSource(mirror.Node.RpcUrl),
            new MirrorPublisher(mirror.SiloClient), crashing, MirrorFixture.NewMetrics(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<ChainIndexerService>.Instance);
        await Assert.ThrowsAsync<IOException>(() => second.RunOnceAsync(CancellationToken.None));
        Assert.Equal(stoppedAt, (await crashing.GetAsync())!.NextBlock);

        // Third process: resumes where the checkpoint says, re-publishing the range the crash left unconfirmed.
        var third = mirror.NewIndexer(mirror.Options(batch: 40));
        await MirrorFixture.CatchUpAsync(third);

        var report = await mirror.ReconcileAsync();
        Assert.True(report.Matches, string.Join("\n", report.Differences.Take(30)));
        var duplicates = await MirrorAudit.AssertAppliedExactlyOnceAsync(mirror);
        // The range the crash left unconfirmed reached the grains twice: the second delivery was recognised, not applied.
        Assert.True(duplicates > 0, "no grain saw a redelivered event, so the test did not exercise the dedupe");
    }

    private sealed class CrashingCheckpoint(IIndexerCheckpointGrain inner) : IIndexerCheckpointGrain
    {
        public Task<IndexerCheckpoint?> GetAsync() => inner.GetAsync();
        public Task SaveAsync(IndexerCheckpoint checkpoint) => throw new IOException("process killed before the checkpoint was saved");
    }
}

public sealed class IndexerReorgTests(MirrorFixture mirror) : IClassFixture<MirrorFixture>
{
    [Fact]
    public async Task When_the_last_blocks_are_replaced_the_mirror_follows_the_new_chain()
    {
        var provider = await mirror.NewAccountAsync();
        await mirror.Root.RegisterProviderAsync(provider.Address, ChainFixture.RandomBytes32(), "https://p.example");
        var patient = await mirror.NewAccountAsync();
        await patient.RegisterPatientAsync(ChainFixture.RandomBytes32());
        var indexer = mirror.NewIndexer();
        await MirrorFixture.CatchUpAsync(indexer);

        var snapshot = await mirror.Node.Web3.Client.SendRequestAsync<string>("evm_snapshot");
        var dropped = ChainFixture.RandomBytes32();
        await provider.PublishPointerAsync(patient.Address, dropped, ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32());
        await patient.AcceptRelationshipAsync(provider.Address);
        await patient.SetResearchConsentAsync(true);
        await provider.SetProviderEndpointAsync("https://dropped.example");
        await patient.GrantAccessAsync(provider.Address, dropped, mirror.Root.Address, DateTimeOffset.UtcNow.AddYears(2));
        await MirrorFixture.CatchUpAsync(indexer);
        var relationship = mirror.Grains.Relationship(patient.Address.ToLowerInvariant(), provider.Address.ToLowerInvariant());
        Assert.Single((await relationship.GetAsync()).Pointers);

        // Replace the last 5 blocks with 5 other blocks (another history of the same height).
        Assert.True(await mirror.Node.Web3.Client.SendRequestAsync<bool>("evm_revert", null, snapshot));
        await provider.ResetNonceAsync();
        await patient.ResetNonceAsync();
        var kept = ChainFixture.RandomBytes32();
        await provider.PublishPointerAsync(patient.Address, kept, ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32());
        await patient.RejectRelationshipAsync(provider.Address);
        for (var i = 0; i < 3; i++) await mirror.Node.Web3.Client.SendRequestAsync<object>("evm_mine");

        await MirrorFixture.CatchUpAsync(indexer);

        var view = await relationship.GetAsync();
        Assert.Equal(Hex(kept), Assert.Single(view.Pointers).PointerId);
        Assert.Equal(RelationshipStatus.Rejected, view.Status);
        Assert.Empty(view.Grants);
        var patientView = await mirror.Grains.GetGrain<IPatientGrain>(patient.Address.ToLowerInvariant()).GetAsync();
        Assert.False(patientView.ResearchConsent);
        Assert.Equal("https://p.example", (await mirror.Grains.GetGrain<IProviderGrain>(provider.Address.ToLowerInvariant()).GetAsync()).Endpoint);
        Assert.Equal(1, indexer.Checkpoint!.Reorgs);

        var report = await mirror.ReconcileAsync();
        Assert.True(report.Matches, string.Join("\n", report.Differences));
        await MirrorAudit.AssertAppliedExactlyOnceAsync(mirror);
    }

    [Fact]
    public async Task A_range_read_ahead_of_blocks_a_reorg_then_replaced_is_never_applied()
    {
        var provider = await mirror.NewAccountAsync();
        await mirror.Root.RegisterProviderAsync(provider.Address, ChainFixture.RandomBytes32(), "https://p.example");
        var patient = await mirror.NewAccountAsync();
        await patient.RegisterPatientAsync(ChainFixture.RandomBytes32());
        var indexer = mirror.NewIndexer(mirror.Options(batch: 1));
        await MirrorFixture.CatchUpAsync(indexer);

        var kept = ChainFixture.RandomBytes32();
        await provider.PublishPointerAsync(patient.Address, kept, ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32());
        var snapshot = await mirror.Node.Web3.Client.SendRequestAsync<string>("evm_snapshot");
        var dropped = ChainFixture.RandomBytes32();
        await provider.PublishPointerAsync(patient.Address, dropped, ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32());
        await provider.PublishPointerAsync(patient.Address, ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32());

        // Applies the block of `kept` and starts reading the next block (the one with `dropped`) ahead.
        Assert.True(await indexer.RunOnceAsync(CancellationToken.None));

        Assert.True(await mirror.Node.Web3.Client.SendRequestAsync<bool>("evm_revert", null, snapshot));
        await provider.ResetNonceAsync();
        var replacement = ChainFixture.RandomBytes32();
        await provider.PublishPointerAsync(patient.Address, replacement, ChainFixture.RandomBytes32(), ChainFixture.RandomBytes32());
        await mirror.Node.Web3.Client.SendRequestAsync<object>("evm_mine");

        await MirrorFixture.CatchUpAsync(indexer);

        var view = await mirror.Grains.Relationship(patient.Address.ToLowerInvariant(), provider.Address.ToLowerInvariant()).GetAsync();
        Assert.Equal(new[] { Hex(kept), Hex(replacement) }.Order(StringComparer.Ordinal), view.Pointers.Select(p => p.PointerId));
        var report = await mirror.ReconcileAsync();
        Assert.True(report.Matches, string.Join("\n", report.Differences));
        await MirrorAudit.AssertAppliedExactlyOnceAsync(mirror);
    }

    private static string Hex(byte[] bytes) => "0x" + Convert.ToHexStringLower(bytes);
}

public sealed class IndexerBadLogTests(MirrorFixture mirror) : IClassFixture<MirrorFixture>
{
    [Fact]
    public async Task Logs_from_unknown_contracts_or_with_undecodable_data_are_skipped_counted_and_never_crash()
    {
        var patient = await mirror.NewAccountAsync();
        var receipt = await patient.RegisterPatientAsync(ChainFixture.RandomBytes32());
        var registered = receipt.Logs[0];

        var junk = new List<FilterLog>
        {
            Copy(registered, address: "0x00000000000000000000000000000000deadbeef"),              // unknown contract
            Copy(registered, data: "0x1234"),                                                       // truncated data
            Copy(registered, topics: [registered.Topics[0]]),                                       // missing indexed field
            Copy(registered, topics: ["0x" + new string('a', 64), registered.Topics[1]]),           // unknown event
        };
        var metrics = MirrorFixture.NewMetrics();
        var indexer = mirror.NewIndexer(source: new InjectingSource(new RpcChainLogSource(mirror.Node.RpcUrl), junk), metrics: metrics);

        await MirrorFixture.CatchUpAsync(indexer);

        Assert.Equal(4, metrics.SkippedLogs);
        Assert.True((await mirror.Grains.GetGrain<IPatientGrain>(patient.Address.ToLowerInvariant()).GetAsync()).Registered);
        var report = await mirror.ReconcileAsync();
        Assert.True(report.Matches, string.Join("\n", report.Differences));
    }

    private static FilterLog Copy(FilterLog log, string? address = null, string? data = null, object[]? topics = null) => new()
    {
        Address = address ?? log.Address, Data = data ?? log.Data, Topics = topics ?? log.Topics,
        BlockHash = log.BlockHash, BlockNumber = log.BlockNumber, LogIndex = new HexBigInteger(log.LogIndex.Value + 100),
        TransactionHash = log.TransactionHash, TransactionIndex = log.TransactionIndex, Removed = false, Type = log.Type,
    };

    /// <summary>The real chain's logs, plus crafted bad ones in the blocks they name.</summary>
    private sealed class InjectingSource(IChainLogSource inner, IReadOnlyList<FilterLog> extra) : IChainLogSource
    {
        public Task<ulong> GetHeadAsync(CancellationToken ct) => inner.GetHeadAsync(ct);
        public Task<string?> GetBlockHashAsync(ulong number, CancellationToken ct) => inner.GetBlockHashAsync(number, ct);

        public async Task<IReadOnlyList<FilterLog>> GetLogsAsync(ulong from, ulong to, IReadOnlyList<string> addresses, CancellationToken ct)
        {
            var logs = (await inner.GetLogsAsync(from, to, addresses, ct)).ToList();
            logs.AddRange(extra.Where(l => (ulong)l.BlockNumber.Value >= from && (ulong)l.BlockNumber.Value <= to));
            return logs;
        }
    }
}
