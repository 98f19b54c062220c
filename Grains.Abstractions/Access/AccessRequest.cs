namespace MedRec.Grains.Abstractions.Access;

/// <summary>
/// What an asker wants from a gatekeeper, as signed with EIP-712 (primary type <c>AccessRequest</c>, domain
/// MedRec / 1 / chain id / PPR contract address). Addresses are lowercase 0x-hex, 32-byte values 0x-hex (66 chars).
/// <see cref="PointerId"/> all zeros means "every pointer of this patient the asker may see"; <see cref="Provider"/>
/// all zeros means "every provider in the patient's summary" (the whole-history fan-out). <see cref="Purpose"/> is why
/// the asker reads (docs/adr/0012-purpose-of-use.md), signed as its wire name after the action.
/// </summary>
[GenerateSerializer, Immutable, Alias("medrec.access-request")]
public sealed record AccessRequest(
    [property: Id(0)] string Asker,
    [property: Id(1)] string Patient,
    [property: Id(2)] string Provider,
    [property: Id(3)] string PointerId,
    [property: Id(4)] AccessAction Action,
    [property: Id(7)] Purpose Purpose,
    [property: Id(5)] string Nonce,
    [property: Id(6)] ulong ExpiresAt)
{
    public const string ZeroAddress = "0x0000000000000000000000000000000000000000";
    public const string ZeroPointer = "0x0000000000000000000000000000000000000000000000000000000000000000";

    public bool IsWholeHistory => Provider == ZeroAddress;

    public bool IsEveryPointer => PointerId == ZeroPointer;
}
