using System.Net;
using MedRec.Silo.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime.MembershipService;

namespace MedRec.IntegrationTests;

/// <summary>Orleans' own ADO.NET membership table (the class a silo uses) over the project's schema, driven step by
/// step: the optimistic version check, and the per-row dead-silo cleanup query that Orleans 10.4 uses when present.</summary>
[Collection(PostgresCollection.Name)]
public sealed class AdoNetMembershipTableTests(PostgresFixture postgres)
{
    [Fact]
    public async Task Membership_writes_succeed_only_at_the_current_version_and_dead_silos_are_cleaned_up()
    {
        var database = await postgres.CreateDatabaseAsync("membership");
        await PostgresSchema.ApplyAsync(database);
        var table = await NewTableAsync(database, clusterId: "medrec-membership");

        var empty = await table.ReadAllAsync();
        Assert.Empty(empty.Members);

        var first = NewEntry(generation: 1, SiloStatus.Active);
        Assert.True(await table.InsertRowAsync(first, empty.Version.Next()));
        Assert.False(await table.InsertRowAsync(NewEntry(generation: 2, SiloStatus.Active), empty.Version.Next()));

        var afterFirst = await table.ReadAllAsync();
        var second = NewEntry(generation: 2, SiloStatus.Active);
        Assert.False(await table.InsertRowAsync(first, afterFirst.Version.Next())); // already a member
        Assert.True(await table.InsertRowAsync(second, afterFirst.Version.Next()));

        var afterSecond = await table.ReadAllAsync();
        Assert.Equal(2, afterSecond.Members.Count);
        Assert.Equal(afterFirst.Version.Version + 1, afterSecond.Version.Version);

        first.Status = SiloStatus.Dead;
        Assert.False(await table.UpdateRowAsync(first, afterFirst.Version.VersionEtag, afterFirst.Version.Next())); // stale
        var etag = afterSecond.Members.Single(m => m.Item1.SiloAddress.Equals(first.SiloAddress)).Item2;
        Assert.True(await table.UpdateRowAsync(first, etag, afterSecond.Version.Next()));

        // Neither active nor dead: the legacy cleanup query (CleanupDefunctSiloEntriesKey) would delete this row, the
        // per-row one (CleanupDefunctSiloEntryKey) leaves it, which shows which of the two Orleans ran.
        var leaving = NewEntry(generation: 3, SiloStatus.ShuttingDown);
        Assert.True(await table.InsertRowAsync(leaving, (await table.ReadAllAsync()).Version.Next()));

        second.IAmAliveTime = DateTime.UtcNow.AddSeconds(1);
        await table.UpdateIAmAliveAsync(second);
        var row = await table.ReadRowAsync(second.SiloAddress);
        Assert.Equal(second.IAmAliveTime, row.Members.Single().Item1.IAmAliveTime, TimeSpan.FromMilliseconds(1));

        await table.CleanupDefunctSiloEntriesAsync(DateTimeOffset.UtcNow.AddMinutes(1));

        var remaining = (await table.ReadAllAsync()).Members.Select(m => m.Item1.SiloAddress).ToList();
        Assert.Equal([second.SiloAddress, leaving.SiloAddress], remaining.OrderBy(a => a.Generation)); // only the dead silo is gone
    }

    private static async Task<AdoNetClusteringTable> NewTableAsync(string connectionString, string clusterId)
    {
        var table = new AdoNetClusteringTable(
            new ServiceCollection().BuildServiceProvider(),
            Options.Create(new ClusterOptions { ClusterId = clusterId, ServiceId = clusterId }),
            Options.Create(new AdoNetClusteringSiloOptions { Invariant = SiloStorageOptions.NpgsqlInvariant, ConnectionString = connectionString }),
            NullLogger<AdoNetClusteringTable>.Instance);
        await table.InitializeMembershipTableAsync(tryInitTableVersion: true);
        return table;
    }

    private static MembershipEntry NewEntry(int generation, SiloStatus status)
    {
        var now = DateTime.UtcNow.AddSeconds(-5);
        return new MembershipEntry
        {
            SiloAddress = SiloAddress.New(new IPEndPoint(IPAddress.Loopback, 11111), generation),
            Status = status,
            SiloName = $"silo-{generation}",
            HostName = "localhost",
            ProxyPort = 30000,
            StartTime = now,
            IAmAliveTime = now,
            SuspectTimes = [],
        };
    }
}
