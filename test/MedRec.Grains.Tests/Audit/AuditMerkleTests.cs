using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Audit;
using MedRec.Grains.Audit;
using Nethereum.Hex.HexConvertors.Extensions;

namespace MedRec.Grains.Tests.Audit;

public sealed class AuditMerkleTests
{
    private static SequencedAuditEntry Entry(long seq) => new(seq, new AuditEntry(
        $"audit-{seq}", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(seq * 10), "0xprovider", "0xpatient", "0xasker",
        "0x" + new string('a', 64), AccessAction.Read, seq % 2 == 0, "granted", "0x" + new string('b', 64), "treatment"));

    private static SequencedAuditEntry Undeclared(long seq) => Entry(seq) with { Entry = Entry(seq).Entry with { Purpose = AuditEntry.UndeclaredPurpose } };

    /// <summary>The leaf written out by hand from ADR 0010 (and its ADR 0012 amendment), independent of AuditMerkle.</summary>
    private static string LeafByHand(SequencedAuditEntry sequenced, bool withPurpose)
    {
        var e = sequenced.Entry;
        var bytes = new List<byte> { 0x00 };
        bytes.AddRange(System.Text.Encoding.UTF8.GetBytes(withPurpose ? "medrec.audit-entry.v2" : "medrec.audit-entry.v1"));
        void Int64(long v) { var b = new byte[8]; System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(b, v); bytes.AddRange(b); }
        void Text(string t) { var u = System.Text.Encoding.UTF8.GetBytes(t); var l = new byte[4]; System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(l, (uint)u.Length); bytes.AddRange(l); bytes.AddRange(u); }
        Int64(sequenced.Seq);
        Text(e.Id);
        Int64((e.Time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10);
        Text(e.Provider); Text(e.Patient); Text(e.Asker); Text(e.PointerId); Text(e.Action.ToWire());
        bytes.Add(e.Granted ? (byte)1 : (byte)0);
        Text(e.Reason);
        if (withPurpose) Text(e.Purpose);
        Text(e.RequestHash);
        return Nethereum.Util.Sha3Keccack.Current.CalculateHash([.. bytes]).ToHex();
    }

    [Fact]
    public void An_undeclared_entry_keeps_its_v1_leaf_byte_for_byte_and_a_declared_one_has_the_v2_leaf_with_the_purpose_after_the_reason()
    {
        Assert.Equal(LeafByHand(Undeclared(3), withPurpose: false), AuditMerkle.Leaf(Undeclared(3)).ToHex());
        Assert.Equal(LeafByHand(Entry(3), withPurpose: true), AuditMerkle.Leaf(Entry(3)).ToHex());
        Assert.NotEqual(AuditMerkle.Leaf(Undeclared(3)).ToHex(), AuditMerkle.Leaf(Entry(3)).ToHex());
        // JSON from before purposes (no member at all) reads as undeclared.
        Assert.Equal(AuditMerkle.Leaf(Undeclared(3)).ToHex(), AuditMerkle.Leaf(Undeclared(3) with { Entry = Undeclared(3).Entry with { Purpose = null! } }).ToHex());
    }

    [Fact]
    public void A_v2_entry_proves_in_a_tree_mixing_v1_and_v2_leaves_and_a_changed_purpose_breaks_its_proof()
    {
        var entries = Enumerable.Range(1, 7).Select(i => i % 3 == 0 ? Undeclared(i) : Entry(i)).ToList();
        var leaves = entries.Select(AuditMerkle.Leaf).ToList();
        var root = AuditMerkle.Root(leaves).ToHex();

        foreach (var index in new[] { 0, 2, 6 })
        {
            var path = AuditMerkle.Path(leaves, index);
            Assert.Equal(root, AuditMerkle.Fold(AuditMerkle.Leaf(entries[index]), path).ToHex());
            foreach (var purpose in new[] { "payment", "emergency", AuditEntry.UndeclaredPurpose, "treatment" }.Where(p => p != entries[index].Entry.Purpose))
            {
                var repurposed = entries[index] with { Entry = entries[index].Entry with { Purpose = purpose } };
                Assert.NotEqual(root, AuditMerkle.Fold(AuditMerkle.Leaf(repurposed), path).ToHex());
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(13)]
    public void Every_leaf_folds_to_the_root(int count)
    {
        var leaves = Enumerable.Range(1, count).Select(i => AuditMerkle.Leaf(Entry(i))).ToList();
        var root = AuditMerkle.Root(leaves);
        for (var i = 0; i < count; i++)
        {
            Assert.Equal(root.ToHex(), AuditMerkle.Fold(leaves[i], AuditMerkle.Path(leaves, i)).ToHex());
        }
    }

    public static TheoryData<string> Fields => ["seq", "id", "time", "provider", "patient", "asker", "pointer", "action", "granted", "reason", "purpose", "hash"];

    [Theory]
    [MemberData(nameof(Fields))]
    public void Changing_any_field_changes_the_leaf(string field)
    {
        var original = Entry(4);
        var e = original.Entry;
        var changed = field switch
        {
            "seq" => original with { Seq = 5 },
            "id" => original with { Entry = e with { Id = "audit-x" } },
            "time" => original with { Entry = e with { Time = e.Time.AddTicks(10) } },
            "provider" => original with { Entry = e with { Provider = "0xother" } },
            "patient" => original with { Entry = e with { Patient = "0xother" } },
            "asker" => original with { Entry = e with { Asker = "0xother" } },
            "pointer" => original with { Entry = e with { PointerId = "0x" + new string('c', 64) } },
            "action" => original with { Entry = e with { Action = AccessAction.ReadAudit } },
            "granted" => original with { Entry = e with { Granted = !e.Granted } },
            "reason" => original with { Entry = e with { Reason = "grant-not-found" } },
            "purpose" => original with { Entry = e with { Purpose = "payment" } },
            _ => original with { Entry = e with { RequestHash = "0x" + new string('d', 64) } },
        };
        Assert.NotEqual(AuditMerkle.Leaf(original).ToHex(), AuditMerkle.Leaf(changed).ToHex());
    }

    [Fact]
    public void Field_boundaries_are_unambiguous_and_a_leaf_is_not_a_node()
    {
        var e = Entry(1);
        var a = e with { Entry = e.Entry with { Asker = "ab", PointerId = "c" } };
        var b = e with { Entry = e.Entry with { Asker = "a", PointerId = "bc" } };
        Assert.NotEqual(AuditMerkle.Leaf(a).ToHex(), AuditMerkle.Leaf(b).ToHex());

        var leaves = Enumerable.Range(1, 4).Select(i => AuditMerkle.Leaf(Entry(i))).ToList();
        var left = AuditMerkle.Node(leaves[0], leaves[1]);
        var right = AuditMerkle.Node(leaves[2], leaves[3]);
        // The two inner nodes as a two-leaf tree do not give the four-leaf root under leaf hashing: tags differ.
        Assert.Equal(AuditMerkle.Root(leaves).ToHex(), AuditMerkle.Node(left, right).ToHex());
        Assert.NotEqual(AuditMerkle.Root([left, right]).ToHex(), AuditMerkle.Leaf(Entry(1)).ToHex());
    }

    [Fact]
    public void Reordering_or_dropping_a_leaf_changes_the_root()
    {
        var leaves = Enumerable.Range(1, 6).Select(i => AuditMerkle.Leaf(Entry(i))).ToList();
        var root = AuditMerkle.Root(leaves).ToHex();
        var swapped = leaves.ToList();
        (swapped[1], swapped[2]) = (swapped[2], swapped[1]);
        Assert.NotEqual(root, AuditMerkle.Root(swapped).ToHex());
        Assert.NotEqual(root, AuditMerkle.Root(leaves.Where((_, i) => i != 3).ToList()).ToHex());
    }
}
