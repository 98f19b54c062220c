using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using MedRec.Grains.Abstractions.Access;

namespace MedRec.Grains.Signing;

/// <summary>
/// The wire format of an <see cref="AccessRequest"/>'s fields: addresses are 0x + 40 hex digits, pointer ids and
/// nonces 0x + 64 hex digits, any case on input, lowercase once normalized.
/// </summary>
public static class AccessRequestFormat
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    /// <summary>The request with every hex field lowercased, or the first reason it is malformed.</summary>
    public static bool TryNormalize(
        AccessRequest? request, [NotNullWhen(true)] out AccessRequest? normalized, [NotNullWhen(false)] out string? error)
    {
        normalized = null;
        if (request is null) { error = "the request is missing"; return false; }
        if (!IsAddress(request.Asker)) { error = "asker is not a 0x-hex address"; return false; }
        if (!IsAddress(request.Patient)) { error = "patient is not a 0x-hex address"; return false; }
        if (!IsAddress(request.Provider)) { error = "provider is not a 0x-hex address"; return false; }
        if (!IsBytes32(request.PointerId)) { error = "pointerId is not 32 bytes of 0x-hex"; return false; }
        if (!IsBytes32(request.Nonce)) { error = "nonce is not 32 bytes of 0x-hex"; return false; }
        if (!AccessActions.TryParse(WireOrEmpty(request.Action), out _)) { error = $"unknown action {(int)request.Action}"; return false; }
        if (!Enum.IsDefined(request.Purpose)) { error = $"unknown purpose {(int)request.Purpose}"; return false; }

        normalized = request with
        {
            Asker = request.Asker.ToLowerInvariant(),
            Patient = request.Patient.ToLowerInvariant(),
            Provider = request.Provider.ToLowerInvariant(),
            PointerId = request.PointerId.ToLowerInvariant(),
            Nonce = request.Nonce.ToLowerInvariant(),
        };
        if (normalized.Asker == AccessRequest.ZeroAddress) { error = "asker is the zero address"; normalized = null; return false; }
        if (normalized.Patient == AccessRequest.ZeroAddress) { error = "patient is the zero address"; normalized = null; return false; }

        error = null;
        return true;
    }

    public static bool IsAddress([NotNullWhen(true)] string? value) => IsHex(value, 20);

    public static bool IsBytes32([NotNullWhen(true)] string? value) => IsHex(value, 32);

    /// <summary>Whether <paramref name="value"/> is "0x" followed by exactly <paramref name="bytes"/> bytes of hex.</summary>
    public static bool IsHex([NotNullWhen(true)] string? value, int bytes) =>
        value is not null && value.Length == 2 + 2 * bytes && value[0] == '0' && value[1] is 'x' or 'X'
        && !value.AsSpan(2).ContainsAnyExcept(HexDigits);

    /// <summary>Decodes "0x" + 2 * destination.Length hex digits into <paramref name="destination"/>.</summary>
    /// <exception cref="FormatException">The value is not of that form.</exception>
    public static void DecodeHex(string? value, Span<byte> destination)
    {
        if (!IsHex(value, destination.Length))
        {
            throw new FormatException($"expected 0x and {2 * destination.Length} hex digits, got '{value}'");
        }

        Convert.FromHexString(value.AsSpan(2), destination, out _, out _);
    }

    private static string WireOrEmpty(AccessAction action) => Enum.IsDefined(action) ? action.ToWire() : "";
}
