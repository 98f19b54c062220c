namespace MedRec.Grains.Abstractions.Access;

/// <summary>An <see cref="AccessRequest"/> with the asker's 65-byte EIP-712 signature (0x-hex r‖s‖v).</summary>
[GenerateSerializer, Immutable, Alias("medrec.signed-access-request")]
public sealed record SignedAccessRequest([property: Id(0)] AccessRequest Request, [property: Id(1)] string Signature);
