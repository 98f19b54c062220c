using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Abstractions.Mirror;

namespace MedRec.Grains.Access;

/// <summary>
/// The access rule, decided on the mirror of one relationship: the patient and the provider may read every pointer;
/// anyone else only the pointers they hold an unexpired grant for (a grant is valid while now &lt; expiresAt, as in
/// the PPR contract's requireAccess).
/// </summary>
public sealed record AccessDecision(bool Granted, string? Reason, IReadOnlyList<PointerView> Pointers)
{
    public static AccessDecision Decide(RelationshipView relationship, AccessRequest request, ulong nowUnixSeconds)
    {
        IReadOnlyList<PointerView> candidates = relationship.Pointers;
        if (!request.IsEveryPointer)
        {
            var pointer = relationship.Pointers.FirstOrDefault(p => p.PointerId == request.PointerId);
            if (pointer is null) return Deny(AccessDenials.PointerUnknown);
            candidates = [pointer];
        }
        else if (candidates.Count == 0)
        {
            return Deny(AccessDenials.PointerUnknown);
        }

        if (request.Asker == relationship.Patient || request.Asker == relationship.Provider)
            return new AccessDecision(true, null, candidates);

        var grants = relationship.Grants.Where(g => g.Viewer == request.Asker).ToDictionary(g => g.PointerId, g => g.ExpiresAt);
        var allowed = candidates.Where(p => grants.TryGetValue(p.PointerId, out var expiresAt) && nowUnixSeconds < expiresAt).ToList();
        if (allowed.Count > 0) return new AccessDecision(true, null, allowed);
        return Deny(candidates.Any(p => grants.ContainsKey(p.PointerId)) ? AccessDenials.GrantExpired : AccessDenials.NoGrant);
    }

    private static AccessDecision Deny(string reason) => new(false, reason, []);
}
