using System.Buffers.Binary;
using System.Text;
using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Audit;
using Nethereum.Hex.HexConvertors.Extensions;
using Nethereum.Util;

namespace MedRec.Grains.Audit;

/// <summary>
/// The Merkle tree over a provider's audit entries (docs/adr/0010-audit-anchors.md). A leaf is
/// keccak256(0x00 ‖ "medrec.audit-entry.v1" ‖ canonical entry), a node keccak256(0x01 ‖ left ‖ right), so a leaf can
/// never pass for a node. The canonical entry is every stored field in a fixed order: seq (int64 big-endian), id,
/// occurred_at (unix microseconds, int64 big-endian), provider, patient, asker, pointer_id, action (wire name),
/// granted (one byte), reason, request_hash; each text is its UTF-8 bytes behind a uint32 big-endian length.
/// An entry that declares a purpose (docs/adr/0012-purpose-of-use.md) has the leaf
/// keccak256(0x00 ‖ "medrec.audit-entry.v2" ‖ canonical entry) whose canonical entry carries the purpose text right after
/// the reason (before request_hash); an entry whose purpose is <see cref="AuditEntry.UndeclaredPurpose"/> (every entry
/// stored before migration 0002) keeps its v1 leaf, byte for byte, so roots anchored before purposes still verify.
/// Leaves are ordered by seq; an odd node at the end of a level moves up unchanged (no duplication).
/// </summary>
public static class AuditMerkle
{
    private const byte LeafTag = 0x00;
    private const byte NodeTag = 0x01;
    private static readonly byte[] DomainV1 = Encoding.UTF8.GetBytes("medrec.audit-entry.v1");
    private static readonly byte[] DomainV2 = Encoding.UTF8.GetBytes("medrec.audit-entry.v2");

    /// <summary>Whether the entry's leaf is a v1 leaf: it declares no purpose (a proof's JSON from before purposes
    /// carries none at all).</summary>
    public static bool IsUndeclared(AuditEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return entry.Purpose is null or AuditEntry.UndeclaredPurpose;
    }

    /// <summary>The canonical bytes of an entry (what its leaf hashes, after the tag and domain): v1's fields, and the
    /// purpose after the reason when the entry declares one.</summary>
    public static byte[] Canonical(SequencedAuditEntry sequenced)
    {
        ArgumentNullException.ThrowIfNull(sequenced);
        var entry = sequenced.Entry;
        using var stream = new MemoryStream();
        WriteInt64(stream, sequenced.Seq);
        WriteText(stream, entry.Id);
        WriteInt64(stream, UnixMicroseconds(entry.Time));
        WriteText(stream, entry.Provider);
        WriteText(stream, entry.Patient);
        WriteText(stream, entry.Asker);
        WriteText(stream, entry.PointerId);
        WriteText(stream, entry.Action.ToWire());
        stream.WriteByte(entry.Granted ? (byte)1 : (byte)0);
        WriteText(stream, entry.Reason);
        if (!IsUndeclared(entry)) WriteText(stream, entry.Purpose);
        WriteText(stream, entry.RequestHash);
        return stream.ToArray();
    }

    public static byte[] Leaf(SequencedAuditEntry entry)
    {
        var canonical = Canonical(entry);
        var domain = IsUndeclared(entry.Entry) ? DomainV1 : DomainV2;
        var input = new byte[1 + domain.Length + canonical.Length];
        input[0] = LeafTag;
        domain.CopyTo(input, 1);
        canonical.CopyTo(input, 1 + domain.Length);
        return Sha3Keccack.Current.CalculateHash(input);
    }

    public static byte[] Node(byte[] left, byte[] right)
    {
        ArgumentNullException.ThrowIfNull(left);
        ArgumentNullException.ThrowIfNull(right);
        var input = new byte[1 + left.Length + right.Length];
        input[0] = NodeTag;
        left.CopyTo(input, 1);
        right.CopyTo(input, 1 + left.Length);
        return Sha3Keccack.Current.CalculateHash(input);
    }

    /// <summary>The root over leaves in order; at least one leaf.</summary>
    public static byte[] Root(IReadOnlyList<byte[]> leaves)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        if (leaves.Count == 0) throw new ArgumentException("A Merkle tree needs at least one leaf.", nameof(leaves));
        var level = leaves.ToList();
        while (level.Count > 1) level = NextLevel(level);
        return level[0];
    }

    /// <summary>The sibling path of leaf <paramref name="index"/>, from the leaf up; levels where the node moved up
    /// without a sibling have no step.</summary>
    public static IReadOnlyList<AuditProofStep> Path(IReadOnlyList<byte[]> leaves, int index)
    {
        ArgumentNullException.ThrowIfNull(leaves);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, leaves.Count);
        var steps = new List<AuditProofStep>();
        var level = leaves.ToList();
        while (level.Count > 1)
        {
            var sibling = index ^ 1;
            if (sibling < level.Count) steps.Add(new AuditProofStep(level[sibling].ToHex(true), SiblingOnLeft: sibling < index));
            level = NextLevel(level);
            index /= 2;
        }

        return steps;
    }

    /// <summary>Folds a path onto a leaf: the root it leads to.</summary>
    public static byte[] Fold(byte[] leaf, IEnumerable<AuditProofStep> path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var running = leaf;
        foreach (var step in path)
        {
            var sibling = step.Sibling.HexToByteArray();
            running = step.SiblingOnLeft ? Node(sibling, running) : Node(running, sibling);
        }

        return running;
    }

    private static List<byte[]> NextLevel(List<byte[]> level)
    {
        var next = new List<byte[]>((level.Count + 1) / 2);
        for (var i = 0; i < level.Count; i += 2)
        {
            next.Add(i + 1 < level.Count ? Node(level[i], level[i + 1]) : level[i]);
        }

        return next;
    }

    private static long UnixMicroseconds(DateTimeOffset time) =>
        (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (TimeSpan.TicksPerMillisecond / 1000);

    private static void WriteInt64(Stream stream, long value)
    {
        Span<byte> buffer = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(buffer, value);
        stream.Write(buffer);
    }

    private static void WriteText(Stream stream, string? text)
    {
        var bytes = Encoding.UTF8.GetBytes(text ?? "");
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
        stream.Write(length);
        stream.Write(bytes);
    }
}
