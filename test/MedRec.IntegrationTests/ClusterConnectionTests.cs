using MedRec.Cli;
using MedRec.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace MedRec.IntegrationTests;

/// <summary>How `medrec indexer` (and `verify`) reach the silos in a deployment (deploy/k8s/indexer.yaml): with
/// MedRec:Storage on PostgreSQL, through the cluster's ADO.NET membership table rather than a loopback gateway port.</summary>
[Collection(PostgresCollection.Name)]
public sealed class ClusterConnectionTests(PostgresFixture postgres)
{
    [Fact]
    public async Task With_postgresql_storage_configured_the_cli_finds_the_silo_in_the_membership_table_and_calls_its_grains()
    {
        var database = await postgres.CreateDatabaseAsync("cli_cluster_connection");
        var settings = new Dictionary<string, string?>
        {
            ["Orleans:ClusterId"] = $"cluster-{Guid.NewGuid():N}",
            ["Orleans:ServiceId"] = $"medrec-{Guid.NewGuid():N}",
            ["MedRec:Storage:Provider"] = "PostgreSql",
            ["MedRec:Storage:ConnectionString"] = database,
            ["MedRec:Storage:ApplySchema"] = "true",
        };
        await using var silo = await TestSilo.StartAsync(settings);
        var grain = $"cli-{Guid.NewGuid():N}";
        await silo.Grains.GetGrain<IAdoNetProbeGrain>(grain).Write("written by the silo", "default");

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        // Gateway port 1: nothing listens there, so only the membership table can lead the client to the silo.
        using var client = await ClusterConnection.ConnectAsync(1, null, timeout.Token, settings);
        var read = await client.Services.GetRequiredService<IClusterClient>().GetGrain<IAdoNetProbeGrain>(grain).Read();

        Assert.Equal("written by the silo", read.MirrorNote);
        await client.StopAsync(timeout.Token);
    }
}
