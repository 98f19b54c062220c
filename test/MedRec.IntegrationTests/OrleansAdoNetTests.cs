using MedRec.Silo.Storage;
using MedRec.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace MedRec.IntegrationTests;

/// <summary>A real silo on Orleans' ADO.NET providers over a throwaway PostgreSQL, configured the way the MedRec silo
/// is (<see cref="SiloStorageExtensions.AddMedRecStorage"/> with MedRec:Storage:Provider = PostgreSql).</summary>
[Collection(PostgresCollection.Name)]
public sealed class OrleansAdoNetTests(PostgresFixture postgres)
{
    private const int SiloStatusDead = 6;

    [Fact]
    public async Task Grain_state_and_reminders_survive_a_restart_of_the_silo()
    {
        var database = await postgres.CreateDatabaseAsync("silo_restart");
        var settings = SiloSettings(database, serviceId: $"medrec-{Guid.NewGuid():N}");
        var kept = $"kept-{Guid.NewGuid():N}";
        var cleared = $"cleared-{Guid.NewGuid():N}";

        string? keptETag;
        await using (var silo = await TestSilo.StartAsync(settings))
        {
            var keptGrain = silo.Grains.GetGrain<IAdoNetProbeGrain>(kept);
            await keptGrain.Write("mirror state", "default state");
            await keptGrain.Remind("checkpoint");
            keptETag = (await keptGrain.Read()).MirrorETag;

            var clearedGrain = silo.Grains.GetGrain<IAdoNetProbeGrain>(cleared);
            await clearedGrain.Write("to be cleared", "stays");
            await clearedGrain.Clear();
        }

        // The first silo left the cluster in the membership table; its schema is in place.
        Assert.Equal(1L, await PostgresSchemaTests.ScalarAsync<long>(database,
            "SELECT count(*) FROM OrleansMembershipTable WHERE Status = @dead", ("dead", SiloStatusDead)));
        Assert.Equal(PostgresSchema.LatestVersion, (await PostgresSchema.ReadAppliedAsync(database)).Keys.Max());

        await using (var silo = await TestSilo.StartAsync(settings))
        {
            var keptGrain = silo.Grains.GetGrain<IAdoNetProbeGrain>(kept);
            var restored = await keptGrain.Read();
            Assert.Equal(new AdoNetProbeSnapshot("mirror state", true, keptETag, "default state"), restored);
            Assert.True(await keptGrain.HasReminder("checkpoint"), "the reminder registered before the restart was not read back");

            var clearedState = await silo.Grains.GetGrain<IAdoNetProbeGrain>(cleared).Read();
            Assert.Equal("", clearedState.MirrorNote);
            Assert.False(clearedState.MirrorRecordExists);
            Assert.Equal("stays", clearedState.DefaultNote);

            // Writing on after the restart continues the version chain the first silo left.
            await keptGrain.Write("mirror state 2", "default state 2");
            Assert.Equal((int.Parse(keptETag!) + 1).ToString(), (await keptGrain.Read()).MirrorETag);

            await keptGrain.Forget("checkpoint");
            Assert.False(await keptGrain.HasReminder("checkpoint"));
        }

        Assert.Equal(0L, await PostgresSchemaTests.ScalarAsync<long>(database, "SELECT count(*) FROM OrleansRemindersTable"));
        // Two grains, each with a row per store: "mirror" and the default store.
        Assert.Equal(4L, await PostgresSchemaTests.ScalarAsync<long>(database,
            "SELECT count(*) FROM OrleansStorage WHERE ServiceId = @service", ("service", settings["Orleans:ServiceId"]!)));
    }

    [Fact]
    public void PostgreSql_without_a_connection_string_is_refused_while_the_silo_is_built()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["MedRec:Storage:Provider"] = "PostgreSql" })
            .Build();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });

        var error = Assert.Throws<OptionsValidationException>(() => builder.UseOrleans(silo => silo.AddMedRecStorage(configuration)));

        Assert.Contains("MedRec:Storage:ConnectionString", error.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string?> SiloSettings(string connectionString, string serviceId) => new()
    {
        ["Orleans:ClusterId"] = $"cluster-{Guid.NewGuid():N}",
        ["Orleans:ServiceId"] = serviceId,
        ["MedRec:Storage:Provider"] = "PostgreSql",
        ["MedRec:Storage:ConnectionString"] = connectionString,
        ["MedRec:Storage:ApplySchema"] = "true",
    };
}
