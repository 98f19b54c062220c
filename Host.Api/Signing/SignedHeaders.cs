using MedRec.Grains.Abstractions.Access;
using MedRec.Grains.Signing;
using MedRec.Host.Api.Problems;

namespace MedRec.Host.Api.Signing;

/// <summary>The four headers of a signed request (docs/adr/0004-http-api.md) and their parsing, plus the purpose header
/// a record read's AccessRequest also carries (docs/adr/0012-purpose-of-use.md); <see cref="Purpose"/> is its raw value.</summary>
public sealed record SignedHeaders(string Signer, string Nonce, ulong ExpiresAt, string Signature, string? Purpose = null)
{
    /// <summary>The declared purpose of a record read (a wire name: treatment, payment, ... patient-request), signed
    /// as the AccessRequest's <c>purpose</c>.</summary>
    public const string PurposeHeader = "MedRec-Purpose";

    public const string SignerHeader = "MedRec-Signer";
    public const string NonceHeader = "MedRec-Nonce";
    public const string ExpiresHeader = "MedRec-Expires";
    public const string SignatureHeader = "MedRec-Signature";

    /// <summary>The headers of <paramref name="request"/>, lowercased.</summary>
    /// <exception cref="ApiProblemException">401 signature-missing when one is absent, 401 request-malformed when one
    /// is out of its format.</exception>
    public static SignedHeaders Read(HttpRequest request)
    {
        var signer = Single(request, SignerHeader);
        var nonce = Single(request, NonceHeader);
        var expires = Single(request, ExpiresHeader);
        var signature = Single(request, SignatureHeader);
        if (signer is null || nonce is null || expires is null || signature is null)
        {
            throw Unauthorized(ProblemCodes.SignatureMissing,
                $"A signed request carries the headers {SignerHeader}, {NonceHeader}, {ExpiresHeader} and {SignatureHeader}.");
        }

        if (!AccessRequestFormat.IsAddress(signer)) throw Unauthorized(AccessRequestRejectionCodes.RequestMalformed, $"{SignerHeader} is not a 0x-hex address.");
        if (!AccessRequestFormat.IsBytes32(nonce)) throw Unauthorized(AccessRequestRejectionCodes.RequestMalformed, $"{NonceHeader} is not 32 bytes of 0x-hex.");
        if (!ulong.TryParse(expires, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var expiresAt))
        {
            throw Unauthorized(AccessRequestRejectionCodes.RequestMalformed, $"{ExpiresHeader} is not unix seconds.");
        }

        return new SignedHeaders(signer.ToLowerInvariant(), nonce.ToLowerInvariant(), expiresAt, signature, Single(request, PurposeHeader));
    }

    /// <summary>The access request a record read is signed as: asker = the signer, purpose from its header, the rest
    /// from the route.</summary>
    /// <exception cref="ApiProblemException">400 request-malformed when the purpose header is missing or names no
    /// known purpose.</exception>
    public SignedAccessRequest ToAccessRequest(string patient, string provider, string pointerId, AccessAction action)
    {
        if (Purpose is null)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, AccessRequestRejectionCodes.RequestMalformed,
                $"A record read declares its purpose in {PurposeHeader} (one of {string.Join(", ", Purposes.All.Select(p => p.ToWire()))}).");
        }

        if (!Purposes.TryParse(Purpose, out var purpose))
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, AccessRequestRejectionCodes.RequestMalformed,
                $"{PurposeHeader} '{Purpose}' is not a purpose; use one of {string.Join(", ", Purposes.All.Select(p => p.ToWire()))}.");
        }

        return new(new AccessRequest(Signer, patient, provider, pointerId, action, purpose, Nonce, ExpiresAt), Signature);
    }

    public static ApiProblemException Unauthorized(string code, string detail) => new(StatusCodes.Status401Unauthorized, code, detail);

    private static string? Single(HttpRequest request, string name) =>
        request.Headers.TryGetValue(name, out var values) && values.Count == 1 && !string.IsNullOrWhiteSpace(values[0]) ? values[0]!.Trim() : null;
}
