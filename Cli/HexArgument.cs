namespace MedRec.Cli;

/// <summary>Hex arguments (keys, hashes, addresses) checked at the edge, so a typo is a message, not a stack trace.</summary>
internal static class HexArgument
{
    public static byte[] ParseBytes(string value, int length, string name)
    {
        var digits = value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? value[2..] : value;
        if (digits.Length != length * 2 || !digits.All(Uri.IsHexDigit))
        {
            throw new CliError($"{name} must be {length} bytes as hex ({length * 2} hex digits, optionally after 0x).");
        }

        var bytes = Convert.FromHexString(digits);
        if (bytes.All(b => b == 0)) throw new CliError($"{name} must not be zero.");
        return bytes;
    }

    /// <summary>A 32-byte value as the API and the chain write it: 0x and 64 lowercase hex digits.</summary>
    public static string Bytes32(string value, string name) => "0x" + Convert.ToHexStringLower(ParseBytes(value, 32, name));

    /// <summary>An address as the API writes it: 0x and 40 lowercase hex digits.</summary>
    public static string Address(string value, string name)
    {
        var digits = value.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? value[2..] : value;
        if (digits.Length != 40 || !digits.All(Uri.IsHexDigit))
        {
            throw new CliError($"{name} must be an address (0x followed by 40 hex digits), not '{value}'.");
        }

        return "0x" + digits.ToLowerInvariant();
    }
}
