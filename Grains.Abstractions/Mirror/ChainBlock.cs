namespace MedRec.Grains.Abstractions.Mirror;

/// <summary>A block of the chain by number and hash (lowercase 0x-hex).</summary>
[GenerateSerializer, Immutable, Alias("medrec.chain-block")]
public sealed record ChainBlock([property: Id(0)] ulong Number, [property: Id(1)] string Hash);
