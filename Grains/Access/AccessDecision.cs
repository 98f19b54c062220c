using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Mirror;

namespace MedRec.Grains.Access;

/// <summary>
/// The access rule, decided on the mirror of one relationship: the patient and the provider may read every pointer,
/// for any declared purpose; anyone else only the pointers they hold an unexpired grant for (a grant is valid while
/// now &lt; expiresAt, as in the PPR contract's requireAccess) whose purposes cover the request's purpose
/// (docs/adr/0012-purpose-of-use.md).
/// </summary>
public sealed record AccessDecision(bool Granted, string? Reason, IReadOnlyList<PointerView> Pointers)
{
    private static readonly AccessDecision PointerUnknown = new(false, AccessDenials.PointerUnknown, []);
    private static readonly AccessDecision NoGrant = new(false, AccessDenials.NoGrant, []);
    private static readonly AccessDecision GrantExpired = new(false, AccessDenials.GrantExpired, []);
    private static readonly AccessDecision PurposeNotGranted = new(false, AccessDenials.PurposeNotGranted, []);

    // Plain loops, no per-call dictionaries: the decision sits on every read and its inputs are a few pointers and grants.
    public static AccessDecision Decide(RelationshipView relationship, AccessRequest request, ulong nowUnixSeconds)
    {
        var owner = request.Asker == relationship.Patient || request.Asker == relationship.Provider;
        if (!request.IsEveryPointer)
        {
            var pointer = Find(relationship.Pointers, request.PointerId);
            if (pointer is null) return PointerUnknown;
            if (owner) return new AccessDecision(true, null, [pointer]);
            return GrantOf(relationship.Grants, request.Asker, pointer.PointerId) switch
            {
                null => NoGrant,
                var grant when nowUnixSeconds >= grant.ExpiresAt => GrantExpired,
                var grant when !grant.Purposes.Covers(request.Purpose) => PurposeNotGranted,
                _ => new AccessDecision(true, null, [pointer]),
            };
        }

        var candidates = relationship.Pointers;
        if (candidates.Count == 0) return PointerUnknown;
        if (owner) return new AccessDecision(true, null, candidates);

        List<PointerView>? allowed = null;
        var anyGrant = false;
        var anyUnexpired = false;
        foreach (var pointer in candidates)
        {
            if (GrantOf(relationship.Grants, request.Asker, pointer.PointerId) is not { } grant) continue;
            anyGrant = true;
            if (nowUnixSeconds >= grant.ExpiresAt) continue;
            anyUnexpired = true;
            if (grant.Purposes.Covers(request.Purpose)) (allowed ??= []).Add(pointer);
        }

        return allowed is not null ? new AccessDecision(true, null, allowed)
            : anyUnexpired ? PurposeNotGranted
            : anyGrant ? GrantExpired
            : NoGrant;
    }

    /// <summary>The reason of a granted break-the-glass decision (docs/adr/0011-break-the-glass.md).</summary>
    public const string BreakTheGlass = "break-the-glass";

    /// <summary>The audit reason of a break-the-glass read: the flag and the window's justification commitment.</summary>
    public static string BreakTheGlassAuditReason(string justificationCommitment) => $"{BreakTheGlass}:{justificationCommitment}";

    /// <summary>Whether a refused <paramref name="decision"/> may still be granted by an open emergency window: only a
    /// request declaring <see cref="Purpose.Emergency"/>, refused for want of a grant covering it (ADR 0011, ADR 0012).</summary>
    public static bool MayBreakTheGlass(AccessDecision decision, AccessRequest request) =>
        request.Purpose == Purpose.Emergency
        && decision.Reason is AccessDenials.NoGrant or AccessDenials.GrantExpired or AccessDenials.PurposeNotGranted;

    /// <summary>An asker with an open emergency window reads what the owners read (the requested pointer or all).</summary>
    public static AccessDecision DecideEmergency(RelationshipView relationship, AccessRequest request)
    {
        if (!request.IsEveryPointer)
        {
            return Find(relationship.Pointers, request.PointerId) is { } pointer ? new AccessDecision(true, BreakTheGlass, [pointer]) : PointerUnknown;
        }

        return relationship.Pointers.Count == 0 ? PointerUnknown : new AccessDecision(true, BreakTheGlass, relationship.Pointers);
    }

    private static PointerView? Find(IReadOnlyList<PointerView> pointers, string pointerId)
    {
        for (var i = 0; i < pointers.Count; i++)
        {
            if (pointers[i].PointerId == pointerId) return pointers[i];
        }

        return null;
    }

    /// <summary>The viewer's grant of the pointer, or null without one (the mirror keeps one per pair).</summary>
    private static GrantView? GrantOf(IReadOnlyList<GrantView> grants, string viewer, string pointerId)
    {
        for (var i = 0; i < grants.Count; i++)
        {
            var grant = grants[i];
            if (grant.Viewer == viewer && grant.PointerId == pointerId) return grant;
        }

        return null;
    }
}
