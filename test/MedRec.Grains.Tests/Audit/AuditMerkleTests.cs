using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Audit;
using MedRec.Grains.Audit;
using Nethereum.Hex.HexConvertors.Extensions;

namespace MedRec.Grains.Tests.Audit;

public sealed class AuditMerkleTests
{
    private static SequencedAuditEntry Entry(long seq) => new(seq, new AuditEntry(
        $"audit-{seq}", new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(seq * 10), "0xprovider", "0xpatient", "0xasker",
        "0x" + new string('a', 64), AccessAction.Read, seq % 2 == 0, "granted", "0x" + new string('b', 64)));

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

    public static TheoryData<string> Fields => ["seq", "id", "time", "provider", "patient", "asker", "pointer", "action", "granted", "reason", "hash"];

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
