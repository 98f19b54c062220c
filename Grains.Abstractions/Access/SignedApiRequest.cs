namespace MedRec.Grains.Abstractions.Access;

/// <summary>An <see cref="ApiRequest"/> with its signer's 65-byte EIP-712 signature (0x-hex r‖s‖v).</summary>
[GenerateSerializer, Immutable, Alias("medrec.signed-api-request")]
public sealed record SignedApiRequest([property: Id(0)] ApiRequest Request, [property: Id(1)] string Signature);
