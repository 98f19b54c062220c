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

    private async Task<Dictionary<string, ulong>> ReadStoredAsync(string key)
    {
        var grainId = fixture.Grains.GetGrain<INonceGrain>(key).GetGrainId();
        var state = new GrainState<NonceGrain.State>();
        await fixture.AccessStore.ReadStateAsync("nonces", grainId, state);
        return state.RecordExists && state.State is { } stored ? stored.Nonces : [];
    }

    private static string NewKey() => $"{NewAddress()}:{NewAddress()}";

    private static string NewAddress() => "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(20));

    private static string NewNonce() => "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
