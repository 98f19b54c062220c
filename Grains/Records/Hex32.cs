using System.Buffers;
using System.Security.Cryptography;

namespace MedRec.Grains.Records;

/// <summary>32-byte values as the chain writes them: 0x + 64 hex digits, lowercase when produced here.</summary>
internal static class Hex32
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    public static string Random() => "0x" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    public static bool IsValid(string? value) =>
        value is { Length: 66 } && value.StartsWith("0x", StringComparison.Ordinal) && !value.AsSpan(2).ContainsAnyExcept(HexDigits);

    public static byte[] Parse(string value, string parameterName) =>
        IsValid(value)
            ? Convert.FromHexString(value.AsSpan(2))
            : throw new ArgumentException($"Expected 0x followed by 64 hex digits (32 bytes), got '{value}'.", parameterName);

    public static string Normalize(string value, string parameterName) =>
        IsValid(value)
            ? value.ToLowerInvariant()
            : throw new ArgumentException($"Expected 0x followed by 64 hex digits (32 bytes), got '{value}'.", parameterName);
}
