using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Chain;
using MedRec.Grains.Abstractions.Mirror;
using MedRec.Grains.Access;

namespace MedRec.Grains.Tests.Access;

public sealed class AccessDecisionTests
{
    private const string Patient = "0x1111111111111111111111111111111111111111";
    private const string Provider = "0x2222222222222222222222222222222222222222";
    private const string Viewer = "0x3333333333333333333333333333333333333333";
    private static readonly string PointerA = "0x" + new string('a', 64);
    private static readonly string PointerB = "0x" + new string('b', 64);
    private const ulong Now = 1_000_000;

    private static readonly RelationshipView Relationship = new(Patient, Provider, RelationshipStatus.Accepted,
        [new PointerView(PointerA, "0x01", "0x02", 1), new PointerView(PointerB, "0x03", "0x04", 2)],
        [new GrantView(PointerA, Viewer, Now + 60, PurposeSet.All), new GrantView(PointerB, Viewer, Now, PurposeSet.All)]);

    private static AccessRequest Request(string asker, string pointer) =>
        new(asker, Patient, Provider, pointer, AccessAction.Read, "0x" + new string('9', 64), Now + 30);

    [Theory]
    [InlineData(Patient)]
    [InlineData(Provider)]
    public void The_patient_and_the_provider_see_every_pointer(string asker)
    {
        var decision = AccessDecision.Decide(Relationship, Request(asker, AccessRequest.ZeroPointer), Now);
        Assert.True(decision.Granted);
        Assert.Equal([PointerA, PointerB], decision.Pointers.Select(p => p.PointerId));
    }

    [Fact]
    public void A_viewer_sees_only_pointers_with_an_unexpired_grant()
    {
        var decision = AccessDecision.Decide(Relationship, Request(Viewer, AccessRequest.ZeroPointer), Now);
        Assert.Equal([PointerA], decision.Pointers.Select(p => p.PointerId));
    }

    [Fact]
    public void A_grant_is_expired_at_its_expiry_second_as_in_the_contract()
    {
        var decision = AccessDecision.Decide(Relationship, Request(Viewer, PointerB), Now);
        Assert.Equal((false, AccessDenials.GrantExpired), (decision.Granted, decision.Reason));
    }

    [Fact]
    public void Without_a_grant_or_for_an_unknown_pointer_access_is_denied()
    {
        Assert.Equal(AccessDenials.NoGrant, AccessDecision.Decide(Relationship, Request("0x" + new string('4', 40), PointerA), Now).Reason);
        Assert.Equal(AccessDenials.PointerUnknown, AccessDecision.Decide(Relationship, Request(Patient, "0x" + new string('c', 64)), Now).Reason);
    }
}
