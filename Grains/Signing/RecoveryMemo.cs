using System.Collections.Concurrent;

namespace MedRec.Grains.Signing;

/// <summary>
/// The signers of the signatures this process recovered most recently, keyed by (EIP-712 digest, signature text).
/// Recovery is a pure function of those two, so a remembered answer is the answer recovery would give again: the
/// memo saves the work, never a check. It exists for the whole-history fan-out, whose one signed request reaches every
/// provider's gatekeeper (fifty in the figure): verified once, each gatekeeper's own verification finds it here.
/// Bounded: emptied when it grows past <see cref="Capacity"/> entries. Thread-safe.
/// </summary>
public sealed class RecoveryMemo
{
    public const int Capacity = 4_096;

    private readonly ConcurrentDictionary<string, string> _signers = new(StringComparer.Ordinal);
    private int _count;

    public bool TryGet(string digestHex, string signature, out string signer) =>
        _signers.TryGetValue(Key(digestHex, signature), out signer!);

    public void Add(string digestHex, string signature, string signer)
    {
        if (Interlocked.Increment(ref _count) > Capacity)
        {
            _signers.Clear();
            Interlocked.Exchange(ref _count, 1);
        }

        _signers[Key(digestHex, signature)] = signer;
    }

    private static string Key(string digestHex, string signature) => string.Concat(digestHex, ":", signature);
}
