using System.Buffers;

namespace MedRec.Grains.Records;

/// <summary>Ethereum addresses as the stores key them: 0x + 40 hex digits, lowercase.</summary>
internal static class Addresses
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    public static bool IsValid(string? address) =>
        address is { Length: 42 } && address.StartsWith("0x", StringComparison.Ordinal) && !address.AsSpan(2).ContainsAnyExcept(HexDigits);

    public static string Normalize(string address, string parameterName) =>
        IsValid(address)
            ? address.ToLowerInvariant()
            : throw new ArgumentException($"Expected an address (0x followed by 40 hex digits), got '{address}'.", parameterName);
}
