using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Signing;
using MedRec.Host.Api.Problems;

namespace MedRec.Host.Api.Apis;

/// <summary>Route and body ids checked at the edge: a malformed one is a 400 invalid-argument before any grain runs.</summary>
public static class RouteIds
{
    /// <summary>The address, lowercase.</summary>
    public static string Address(string? value, string name) =>
        AccessRequestFormat.IsAddress(value) ? value.ToLowerInvariant()
            : throw ApiProblemException.BadRequest(ProblemCodes.InvalidArgument, $"{name} is not a 0x-hex address (0x and 40 hex digits).");

    /// <summary>The 32-byte value, lowercase.</summary>
    public static string Bytes32(string? value, string name) =>
        AccessRequestFormat.IsBytes32(value) ? value.ToLowerInvariant()
            : throw ApiProblemException.BadRequest(ProblemCodes.InvalidArgument, $"{name} is not 32 bytes of 0x-hex (0x and 64 hex digits).");

    /// <summary>The purposes named by wire names; none named (or an empty list) is all six.</summary>
    public static PurposeSet PurposeSet(IEnumerable<string>? wires, string name) =>
        Purposes.TryParseSet(wires, out var set, out var unknown) ? set
            : throw ApiProblemException.BadRequest(ProblemCodes.InvalidArgument,
                $"{name} names '{unknown}', which is not a purpose ({string.Join(", ", Purposes.All.Select(p => p.ToWire()))}).");
}
