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

    private static AccessRequest Request(string asker, string pointer, Purpose purpose = Purpose.Treatment) =>
        new(asker, Patient, Provider, pointer, AccessAction.Read, purpose, "0x" + new string('9', 64), Now + 30);

    private static RelationshipView WithGrants(params GrantView[] grants) => Relationship with { Grants = grants };

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

    [Theory]
    [InlineData(Purpose.Treatment)]
    [InlineData(Purpose.Payment)]
    public void A_viewer_reads_a_pointer_for_a_purpose_its_grant_covers(Purpose purpose)
    {
        var relationship = WithGrants(new GrantView(PointerA, Viewer, Now + 60, PurposeSet.Treatment | PurposeSet.Payment));

        var decision = AccessDecision.Decide(relationship, Request(Viewer, PointerA, purpose), Now);

        Assert.True(decision.Granted);
        Assert.Equal([PointerA], decision.Pointers.Select(p => p.PointerId));
    }

    [Theory]
    [InlineData(Purpose.Treatment)]
    [InlineData(Purpose.Research)]
    [InlineData(Purpose.Emergency)]
    public void A_read_with_an_uncovered_purpose_is_refused_purpose_not_granted(Purpose purpose)
    {
        var relationship = WithGrants(new GrantView(PointerA, Viewer, Now + 60, PurposeSet.Payment));

        var decision = AccessDecision.Decide(relationship, Request(Viewer, PointerA, purpose), Now);

        Assert.Equal((false, AccessDenials.PurposeNotGranted), (decision.Granted, decision.Reason));
        Assert.Empty(decision.Pointers);
    }

    [Fact]
    public void An_expired_grant_is_refused_grant_expired_whatever_it_covered()
    {
        var relationship = WithGrants(new GrantView(PointerA, Viewer, Now, PurposeSet.Payment));

        Assert.Equal(AccessDenials.GrantExpired, AccessDecision.Decide(relationship, Request(Viewer, PointerA, Purpose.Treatment), Now).Reason);
        Assert.Equal(AccessDenials.GrantExpired, AccessDecision.Decide(relationship, Request(Viewer, PointerA, Purpose.Payment), Now).Reason);
    }

    [Fact]
    public void The_patient_and_the_provider_read_for_any_purpose_even_one_no_grant_covers()
    {
        var relationship = WithGrants(new GrantView(PointerA, Viewer, Now + 60, PurposeSet.Payment));
        foreach (var asker in new[] { Patient, Provider })
        {
            foreach (var purpose in Purposes.All)
            {
                var one = AccessDecision.Decide(relationship, Request(asker, PointerB, purpose), Now);
                var every = AccessDecision.Decide(relationship, Request(asker, AccessRequest.ZeroPointer, purpose), Now);

                Assert.True(one.Granted, $"{asker} reading one pointer for {purpose}");
                Assert.Equal([PointerA, PointerB], every.Pointers.Select(p => p.PointerId));
            }
        }
    }

    [Fact]
    public void An_every_pointer_read_returns_only_the_pointers_whose_grant_covers_the_purpose()
    {
        var relationship = WithGrants(
            new GrantView(PointerA, Viewer, Now + 60, PurposeSet.Treatment),
            new GrantView(PointerB, Viewer, Now + 60, PurposeSet.Payment | PurposeSet.Treatment));

        var payment = AccessDecision.Decide(relationship, Request(Viewer, AccessRequest.ZeroPointer, Purpose.Payment), Now);
        var treatment = AccessDecision.Decide(relationship, Request(Viewer, AccessRequest.ZeroPointer, Purpose.Treatment), Now);

        Assert.Equal([PointerB], payment.Pointers.Select(p => p.PointerId));
        Assert.Equal([PointerA, PointerB], treatment.Pointers.Select(p => p.PointerId));
    }

    [Fact]
    public void An_every_pointer_read_no_grant_covers_is_purpose_not_granted_while_an_unexpired_grant_exists()
    {
        // PointerA: unexpired but for payment only; PointerB: expired, and it covered the purpose.
        var mixed = WithGrants(
            new GrantView(PointerA, Viewer, Now + 60, PurposeSet.Payment),
            new GrantView(PointerB, Viewer, Now, PurposeSet.All));
        var onlyExpired = WithGrants(new GrantView(PointerB, Viewer, Now, PurposeSet.Payment));

        Assert.Equal(AccessDenials.PurposeNotGranted, AccessDecision.Decide(mixed, Request(Viewer, AccessRequest.ZeroPointer, Purpose.Treatment), Now).Reason);
        Assert.Equal(AccessDenials.GrantExpired, AccessDecision.Decide(onlyExpired, Request(Viewer, AccessRequest.ZeroPointer, Purpose.Treatment), Now).Reason);
        Assert.Equal(AccessDenials.NoGrant, AccessDecision.Decide(WithGrants(), Request(Viewer, AccessRequest.ZeroPointer, Purpose.Treatment), Now).Reason);
    }

    [Fact]
    public void A_grant_for_all_purposes_covers_each_of_them()
    {
        var relationship = WithGrants(new GrantView(PointerA, Viewer, Now + 60, PurposeSet.All));

        Assert.All(Purposes.All, purpose => Assert.True(AccessDecision.Decide(relationship, Request(Viewer, PointerA, purpose), Now).Granted));
    }

    [Theory]
    [InlineData(Purpose.Emergency, AccessDenials.NoGrant, true)]
    [InlineData(Purpose.Emergency, AccessDenials.GrantExpired, true)]
    [InlineData(Purpose.Emergency, AccessDenials.PurposeNotGranted, true)]
    [InlineData(Purpose.Emergency, AccessDenials.PointerUnknown, false)]
    [InlineData(Purpose.Treatment, AccessDenials.NoGrant, false)]
    [InlineData(Purpose.Treatment, AccessDenials.GrantExpired, false)]
    [InlineData(Purpose.Treatment, AccessDenials.PurposeNotGranted, false)]
    [InlineData(Purpose.PatientRequest, AccessDenials.NoGrant, false)]
    public void Break_the_glass_is_considered_only_for_an_emergency_request_refused_for_want_of_a_grant(Purpose purpose, string reason, bool considered)
    {
        var refused = new AccessDecision(false, reason, []);

        Assert.Equal(considered, AccessDecision.MayBreakTheGlass(refused, Request(Provider, PointerA, purpose)));
    }

    [Fact]
    public void Break_the_glass_is_not_considered_for_a_granted_read()
    {
        var granted = AccessDecision.Decide(Relationship, Request(Viewer, PointerA, Purpose.Emergency), Now);

        Assert.True(granted.Granted);
        Assert.False(AccessDecision.MayBreakTheGlass(granted, Request(Viewer, PointerA, Purpose.Emergency)));
    }

    [Fact]
    public void An_emergency_request_without_a_covering_grant_is_refused_on_the_grants_alone()
    {
        // The gatekeeper then looks for an open window; the rule itself never grants it.
        var relationship = WithGrants(new GrantView(PointerA, Viewer, Now + 60, PurposeSet.Treatment));

        var decision = AccessDecision.Decide(relationship, Request(Viewer, PointerA, Purpose.Emergency), Now);

        Assert.Equal((false, AccessDenials.PurposeNotGranted), (decision.Granted, decision.Reason));
        Assert.True(AccessDecision.MayBreakTheGlass(decision, Request(Viewer, PointerA, Purpose.Emergency)));
    }
}
