using MedRec.Grains.Abstractions.Access;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Storage;

namespace MedRec.Grains.Access;

/// <summary>
/// The nonces one asker used at one gatekeeper (key "provider:asker"). A nonce is kept until its request expires. A
/// nonce is durable before the grain answers true; if a write fails the call fails and the grain deactivates, so its
/// memory never holds a nonce its storage lacks.
/// <para>Storage: the nonces live in chunks of at most <see cref="ChunkCapacity"/>, each chunk a state of its own
/// ("nonces-&lt;n&gt;") in the access store, listed by the grain's own state ("nonces"). A use writes only the chunk
/// being filled, so its cost does not grow with the asker's outstanding nonces (writing them all on every use cost
/// ~2 ms at 5,000). The list is written once per chunk: when a chunk is opened, it also drops the chunks whose nonces
/// have all expired, whose states are then cleared and whose numbers are used again. The grain keeps every outstanding nonce in memory, read from its
/// chunks on activation, so a replay is found without reading storage.</para>
/// <para>Why the access store's <see cref="IGrainStorage"/> is called directly for the chunks rather than through
/// [PersistentState]: a persistent state is one record written whole, and a grain declares a fixed number of them;
/// the chunks are as many as the asker's recent traffic needs.</para>
/// </summary>
public sealed class NonceGrain(
    [PersistentState("nonces", AccessStorage.Name)] IPersistentState<NonceGrain.State> state,
    [FromKeyedServices(AccessStorage.Name)] IGrainStorage storage,
    TimeProvider time)
    : Grain, INonceGrain
{
    /// <summary>Nonces per chunk: a use writes at most this many (a few KB).</summary>
    public const int ChunkCapacity = 64;

    /// <summary>Every outstanding nonce (lowercase) -> the chunk that stores it.</summary>
    private readonly Dictionary<string, long> _used = new(StringComparer.Ordinal);

    /// <summary>The stored chunks by number, with the latest expiry in each.</summary>
    private readonly Dictionary<long, (GrainState<Chunk> Chunk, ulong LastExpiry)> _chunks = [];

    /// <summary>The chunk being filled, if any.</summary>
    private long? _current;

    /// <summary>The state name of chunk <paramref name="number"/> in the access store.</summary>
    public static string ChunkStateName(long number) => $"nonces-{number}";

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var number in state.State.Chunks)
        {
            var chunk = new GrainState<Chunk>(new Chunk());
            await storage.ReadStateAsync(ChunkStateName(number), this.GetGrainId(), chunk);
            _chunks[number] = (chunk, NoncesOf(chunk).Values.DefaultIfEmpty(0UL).Max());
            _current = number;
            foreach (var nonce in NoncesOf(chunk).Keys) _used[nonce] = number;
        }

        if (state.State.Nonces.Count > 0) await MoveUnchunkedAsync();
    }

    /// <summary>Also answers false, without storing it, for a nonce whose request has already expired: such a request
    /// is refused anyway, and remembering it would serve no purpose.</summary>
    public async Task<bool> TryUseAsync(string nonce, ulong expiresAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(nonce);
        var key = nonce.ToLowerInvariant();
        var now = (ulong)Math.Max(time.GetUtcNow().ToUnixTimeSeconds(), 0);
        if (expiresAt <= now || _used.ContainsKey(key)) return false;

        try
        {
            var (number, chunk) = _current is { } current && NoncesOf(_chunks[current].Chunk).Count < ChunkCapacity
                ? (current, _chunks[current].Chunk)
                : await OpenChunkAsync(now);

            // The chunk is written anyway: drop its expired nonces with it.
            foreach (var expired in NoncesOf(chunk).Where(n => n.Value <= now).Select(n => n.Key).ToList())
            {
                NoncesOf(chunk).Remove(expired);
                _used.Remove(expired);
            }

            NoncesOf(chunk)[key] = expiresAt;
            _used[key] = number;
            _chunks[number] = (chunk, Math.Max(_chunks[number].LastExpiry, expiresAt));
            await storage.WriteStateAsync(ChunkStateName(number), this.GetGrainId(), chunk);
        }
        catch
        {
            // Memory may now hold what storage lacks (or the reverse): start again from storage.
            DeactivateOnIdle();
            throw;
        }

        return true;
    }

    /// <summary>Opens a chunk: lists it (and forgets the fully expired chunks) in the grain's state, then clears the
    /// forgotten chunks' states. Listed before it is written, so no stored nonce is ever unlisted.</summary>
    private async Task<(long Number, GrainState<Chunk> Chunk)> OpenChunkAsync(ulong now)
    {
        var expired = _chunks.Where(c => c.Value.LastExpiry <= now).Select(c => c.Key).ToHashSet();
        var live = state.State.Chunks.Where(c => !expired.Contains(c)).ToList();
        var number = FreeNumber(live);
        state.State.Chunks = [.. live, number];
        await state.WriteStateAsync();

        foreach (var old in expired)
        {
            var chunk = _chunks[old].Chunk;
            _chunks.Remove(old);
            foreach (var nonce in NoncesOf(chunk).Keys) _used.Remove(nonce);
            if (chunk.RecordExists) await storage.ClearStateAsync(ChunkStateName(old), this.GetGrainId(), chunk);
        }

        var opened = await ReuseAsync(number);
        _chunks[number] = (opened, 0);
        _current = number;
        return (number, opened);
    }

    /// <summary>The lowest chunk number not in use. Numbers are reused because a cleared state keeps its row in the
    /// ADO.NET store (unless DeleteStateOnClear): an ever-growing number would leave a row per 64 nonces ever used,
    /// a reused one at most as many rows as chunks were ever live at once.</summary>
    private static long FreeNumber(List<long> live)
    {
        var number = 0L;
        while (live.Contains(number)) number++;
        return number;
    }

    /// <summary>The state of chunk <paramref name="number"/> read as stored (a number used before may still have its
    /// row, and a write must carry the row's version), emptied: its nonces, if any, had all expired.</summary>
    private async Task<GrainState<Chunk>> ReuseAsync(long number)
    {
        var chunk = new GrainState<Chunk>(new Chunk());
        await storage.ReadStateAsync(ChunkStateName(number), this.GetGrainId(), chunk);
        NoncesOf(chunk).Clear();
        return chunk;
    }

    /// <summary>Nonces stored by the earlier layout (all in the grain's own state) move into chunks: written there
    /// first, then removed from the grain's state together with listing the chunks.</summary>
    private async Task MoveUnchunkedAsync()
    {
        var now = (ulong)Math.Max(time.GetUtcNow().ToUnixTimeSeconds(), 0);
        foreach (var batch in state.State.Nonces.Where(n => n.Value > now).Chunk(ChunkCapacity))
        {
            var number = FreeNumber([.. state.State.Chunks, .. _chunks.Keys]);
            var chunk = await ReuseAsync(number);
            foreach (var (nonce, expiresAt) in batch) NoncesOf(chunk)[nonce] = expiresAt;
            await storage.WriteStateAsync(ChunkStateName(number), this.GetGrainId(), chunk);
            _chunks[number] = (chunk, NoncesOf(chunk).Values.Max());
            _current = number;
            foreach (var nonce in NoncesOf(chunk).Keys) _used[nonce] = number;
        }

        state.State.Nonces.Clear();
        state.State.Chunks = [.. state.State.Chunks, .. _chunks.Keys.Where(c => !state.State.Chunks.Contains(c))];
        await state.WriteStateAsync();
    }

    private static Dictionary<string, ulong> NoncesOf(GrainState<Chunk> chunk) => (chunk.State ??= new Chunk()).Nonces;

    [GenerateSerializer, Alias("medrec.nonce-state")]
    public sealed class State
    {
        /// <summary>Nonces stored by the earlier layout, moved into chunks on activation; empty otherwise.</summary>
        [Id(0)] public Dictionary<string, ulong> Nonces { get; set; } = [];

        /// <summary>The numbers of the stored chunks, oldest first.</summary>
        [Id(1)] public List<long> Chunks { get; set; } = [];
    }

    /// <summary>One chunk: nonce (lowercase 0x-hex) -> the expiry (unix seconds) of the request that used it.</summary>
    [GenerateSerializer, Alias("medrec.nonce-chunk")]
    public sealed class Chunk
    {
        [Id(0)] public Dictionary<string, ulong> Nonces { get; set; } = [];
    }
}
