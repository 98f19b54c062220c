using System.Security.Cryptography;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Access;
using MedRec.TestSupport;

namespace MedRec.IntegrationTests;

/// <summary>The nonce grain on the silo's real configuration: the <see cref="AccessStorage.Name"/> store on PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
public sealed class NonceGrainPostgresTests(PostgresFixture postgres)
{
    [Fact]
    public async Task A_used_nonce_is_still_refused_after_the_silo_restarts()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Orleans:ClusterId"] = $"cluster-{Guid.NewGuid():N}",
            ["Orleans:ServiceId"] = $"medrec-{Guid.NewGuid():N}",
            ["MedRec:Storage:Provider"] = "PostgreSql",
            ["MedRec:Storage:ConnectionString"] = await postgres.CreateDatabaseAsync("nonce_restart"),
            ["MedRec:Storage:ApplySchema"] = "true",
        };
        var key = $"0x{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20))}:0x{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20))}";
        // One more than a chunk holds, so they span two chunks.
        var nonces = Enumerable.Range(0, NonceGrain.ChunkCapacity + 1).Select(_ => "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32))).ToList();
        var expiresAt = (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 300;

        await using (var silo = await TestSilo.StartAsync(settings))
        {
            foreach (var nonce in nonces) Assert.True(await silo.Grains.GetGrain<INonceGrain>(key).TryUseAsync(nonce, expiresAt));
        }

        await using (var silo = await TestSilo.StartAsync(settings))
        {
            foreach (var nonce in nonces) Assert.False(await silo.Grains.GetGrain<INonceGrain>(key).TryUseAsync(nonce, expiresAt));
        }

        // Three rows: the nonce grain's list of chunks and its two chunks, each a state of its own in the access store.
        Assert.Equal(3L, await PostgresSchemaTests.ScalarAsync<long>(settings["MedRec:Storage:ConnectionString"]!,
            "SELECT count(*) FROM OrleansStorage WHERE ServiceId = @service",
            ("service", settings["Orleans:ServiceId"]!)));
    }
}
