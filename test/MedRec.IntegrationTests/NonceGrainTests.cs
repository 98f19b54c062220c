using System.Security.Cryptography;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Access;

namespace MedRec.IntegrationTests;

[Collection(AccessClusterCollection.Name)]
public sealed class NonceGrainTests(AccessClusterFixture fixture)
{
    private static ulong Now => (ulong)DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    [Fact]
    public async Task A_nonce_is_accepted_once_and_a_replay_is_refused()
    {
        var grain = fixture.Grains.GetGrain<INonceGrain>(NewKey());
        var nonce = NewNonce();

        Assert.True(await grain.TryUseAsync(nonce, Now + 300));
        Assert.False(await grain.TryUseAsync(nonce, Now + 300));
        Assert.False(await grain.TryUseAsync(nonce.ToUpperInvariant().Replace("0X", "0x"), Now + 300));
        Assert.True(await grain.TryUseAsync(NewNonce(), Now + 300));
    }

    [Fact]
    public async Task A_nonce_is_stored_before_the_grain_answers_true()
    {
        var key = NewKey();
        var nonce = NewNonce();
        var expiresAt = Now + 300;

        Assert.True(await fixture.Grains.GetGrain<INonceGrain>(key).TryUseAsync(nonce, expiresAt));

        var stored = await ReadStoredAsync(key);
        Assert.Equal(expiresAt, stored[nonce]);
    }

    [Fact]
    public async Task The_same_nonce_is_independent_per_provider_and_per_asker()
    {
        var (provider, otherProvider, asker, otherAsker) = (NewAddress(), NewAddress(), NewAddress(), NewAddress());
        var nonce = NewNonce();

        Assert.True(await fixture.Grains.GetGrain<INonceGrain>($"{provider}:{asker}").TryUseAsync(nonce, Now + 300));
        Assert.True(await fixture.Grains.GetGrain<INonceGrain>($"{provider}:{otherAsker}").TryUseAsync(nonce, Now + 300));
        Assert.True(await fixture.Grains.GetGrain<INonceGrain>($"{otherProvider}:{asker}").TryUseAsync(nonce, Now + 300));
        Assert.False(await fixture.Grains.GetGrain<INonceGrain>($"{provider}:{asker}").TryUseAsync(nonce, Now + 300));
    }

    [Fact]
    public async Task A_nonce_of_an_already_expired_request_is_refused_and_not_stored()
    {
        var key = NewKey();
        var nonce = NewNonce();

        Assert.False(await fixture.Grains.GetGrain<INonceGrain>(key).TryUseAsync(nonce, Now - 1));

        Assert.DoesNotContain(nonce, (await ReadStoredAsync(key)).Keys);
    }

    [Fact]
    public async Task Expired_nonces_are_pruned_when_the_next_nonce_is_used()
    {
        var key = NewKey();
        var grain = fixture.Grains.GetGrain<INonceGrain>(key);
        var shortLived = NewNonce();
        var longLived = NewNonce();
        var shortExpiry = Now + 1;
        Assert.True(await grain.TryUseAsync(shortLived, shortExpiry));
        Assert.True(await grain.TryUseAsync(longLived, Now + 300));
        Assert.Contains(shortLived, (await ReadStoredAsync(key)).Keys);

        // Expiry is in whole seconds: wait (with a deadline) until the short-lived request has expired.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Now < shortExpiry)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the clock did not pass {shortExpiry} within 10 s");
            await Task.Delay(50);
        }

        var next = NewNonce();
        Assert.True(await grain.TryUseAsync(next, Now + 300));

        var stored = await ReadStoredAsync(key);
        Assert.DoesNotContain(shortLived, stored.Keys);
        Assert.Contains(longLived, stored.Keys);
        Assert.Contains(next, stored.Keys);
        // A replay after expiry is still refused: the request itself has expired.
        Assert.False(await grain.TryUseAsync(shortLived, shortExpiry));
    }

    [Fact]
    public async Task Nonces_fill_chunks_that_are_written_one_at_a_time_and_every_one_is_refused_again()
    {
        var key = NewKey();
        var grain = fixture.Grains.GetGrain<INonceGrain>(key);
        var nonces = Enumerable.Range(0, NonceGrain.ChunkCapacity * 2 + 3).Select(_ => NewNonce()).ToList();

        foreach (var nonce in nonces) Assert.True(await grain.TryUseAsync(nonce, Now + 300));

        var (index, chunks) = await ReadLayoutAsync(key);
        Assert.Empty(index.Nonces);
        Assert.Equal([0L, 1L, 2L], index.Chunks);
        Assert.Equal([NonceGrain.ChunkCapacity, NonceGrain.ChunkCapacity, 3], chunks.Select(c => c.Count));
        Assert.Equal(nonces.OrderBy(n => n, StringComparer.Ordinal), chunks.SelectMany(c => c.Keys).OrderBy(n => n, StringComparer.Ordinal));
        foreach (var nonce in nonces) Assert.False(await grain.TryUseAsync(nonce, Now + 300));
    }

    [Fact]
    public async Task A_chunk_whose_nonces_all_expired_is_dropped_and_its_number_used_again()
    {
        var key = NewKey();
        var grain = fixture.Grains.GetGrain<INonceGrain>(key);
        var shortExpiry = Now + 2;
        foreach (var _ in Enumerable.Range(0, NonceGrain.ChunkCapacity)) Assert.True(await grain.TryUseAsync(NewNonce(), shortExpiry));

        // Expiry is in whole seconds: wait (with a deadline) until every nonce of the full chunk has expired.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (Now < shortExpiry)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the clock did not pass {shortExpiry} within 10 s");
            await Task.Delay(50);
        }

        var next = NewNonce();
        Assert.True(await grain.TryUseAsync(next, Now + 300));

        // One chunk, number 0 again, holding only the new nonce: the stored rows stay as many as the live chunks.
        var (index, chunks) = await ReadLayoutAsync(key);
        Assert.Equal([0L], index.Chunks);
        Assert.Equal([next], Assert.Single(chunks).Keys);
    }

    [Fact]
    public async Task Nonces_stored_whole_by_the_earlier_layout_are_moved_into_chunks_and_still_refused()
    {
        var key = NewKey();
        var grainId = fixture.Grains.GetGrain<INonceGrain>(key).GetGrainId();
        var (kept, expired) = (NewNonce(), NewNonce());
        var earlier = new GrainState<NonceGrain.State>(new NonceGrain.State { Nonces = { [kept] = Now + 300, [expired] = Now - 10 } });
        await fixture.AccessStore.WriteStateAsync("nonces", grainId, earlier);

        Assert.False(await fixture.Grains.GetGrain<INonceGrain>(key).TryUseAsync(kept, Now + 300));

        var (index, chunks) = await ReadLayoutAsync(key);
        Assert.Empty(index.Nonces);
        Assert.Equal([kept], chunks.SelectMany(c => c.Keys));
    }

    /// <summary>What the grain stored: nonce -> expiry, over all its chunks.</summary>
    private async Task<Dictionary<string, ulong>> ReadStoredAsync(string key)
    {
        var (_, chunks) = await ReadLayoutAsync(key);
        return chunks.SelectMany(c => c).ToDictionary(n => n.Key, n => n.Value);
    }

    /// <summary>The grain's own state (the list of chunks) and each listed chunk's nonces, as stored.</summary>
    private async Task<(NonceGrain.State Index, List<Dictionary<string, ulong>> Chunks)> ReadLayoutAsync(string key)
    {
        var grainId = fixture.Grains.GetGrain<INonceGrain>(key).GetGrainId();
        var index = new GrainState<NonceGrain.State>();
        await fixture.AccessStore.ReadStateAsync("nonces", grainId, index);
        var stored = index.RecordExists && index.State is { } state ? state : new NonceGrain.State();
        var chunks = new List<Dictionary<string, ulong>>();
        foreach (var number in stored.Chunks)
        {
            var chunk = new GrainState<NonceGrain.Chunk>();
            await fixture.AccessStore.ReadStateAsync(NonceGrain.ChunkStateName(number), grainId, chunk);
            chunks.Add(chunk.RecordExists && chunk.State is { } nonces ? nonces.Nonces : []);
        }

        return (stored, chunks);
    }

    private static string NewKey() => $"{NewAddress()}:{NewAddress()}";

    private static string NewAddress() => "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    private static string NewNonce() => "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
