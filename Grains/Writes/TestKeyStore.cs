using System.Text.Json;
using Microsoft.Extensions.Options;
using Nethereum.Signer;

namespace MedRec.Grains.Writes;

/// <summary>
/// The demo's custody keys: the identities file the dev system writes (<see cref="TestKeyStoreOptions.IdentitiesFile"/>),
/// re-read when it changes, so identities added while the silo runs are found. For development and tests only: the
/// keys sit in a plain file. A missing file is an empty store.
/// </summary>
public sealed class TestKeyStore(IOptions<TestKeyStoreOptions> options) : IParticipantKeyStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly Lock _lock = new();
    private (DateTime Written, long Length, IReadOnlyDictionary<string, string> Keys) _loaded = (default, -1, new Dictionary<string, string>());

    public ValueTask<EthECKey?> FindAsync(string participant, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(participant);
        var keys = Load();
        return ValueTask.FromResult(keys.TryGetValue(participant.ToLowerInvariant(), out var key) ? new EthECKey(key) : null);
    }

    private IReadOnlyDictionary<string, string> Load()
    {
        var file = new FileInfo(options.Value.IdentitiesFile);
        if (!file.Exists) return new Dictionary<string, string>();
        lock (_lock)
        {
            if (_loaded.Written == file.LastWriteTimeUtc && _loaded.Length == file.Length) return _loaded.Keys;
            using var stream = file.OpenRead();
            var identities = JsonSerializer.Deserialize<List<Identity>>(stream, Json) ?? [];
            var keys = identities.Where(i => !string.IsNullOrEmpty(i.Address) && !string.IsNullOrEmpty(i.PrivateKey))
                .GroupBy(i => i.Address!.ToLowerInvariant())
                .ToDictionary(g => g.Key, g => g.Last().PrivateKey!);
            _loaded = (file.LastWriteTimeUtc, file.Length, keys);
            return keys;
        }
    }

    /// <summary>One entry of the identities file (Cli/DemoIdentity.cs writes it).</summary>
    private sealed record Identity(string? Role, string? Name, string? Address, string? PrivateKey);
}
