using MedRec.Grains.Abstractions.Access;

namespace MedRec.Grains.Signing;

/// <summary>A request whose signature recovered to its asker and whose expiry is in the window: the request with
/// every hex field lowercased, and its EIP-712 hash (lowercase 0x-hex, as <see cref="AuditEntry.RequestHash"/>).</summary>
public sealed record VerifiedAccessRequest(AccessRequest Request, string RequestHash);
