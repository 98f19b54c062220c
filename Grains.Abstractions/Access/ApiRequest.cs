namespace MedRec.Grains.Abstractions.Access;

/// <summary>
/// A signed HTTP request other than a record read (ADR 0004), signed with EIP-712 (primary type <c>ApiRequest</c>, the
/// same domain as <see cref="AccessRequest"/>). <see cref="Path"/> is the request path plus query string exactly as
/// sent; <see cref="BodyHash"/> is keccak-256 of the raw body bytes (of zero bytes when there is no body). Addresses
/// and 32-byte values are 0x-hex.
/// </summary>
[GenerateSerializer, Immutable, Alias("medrec.api-request")]
public sealed record ApiRequest(
    [property: Id(0)] string Signer,
    [property: Id(1)] string Method,
    [property: Id(2)] string Path,
    [property: Id(3)] string BodyHash,
    [property: Id(4)] string Nonce,
    [property: Id(5)] ulong ExpiresAt);
