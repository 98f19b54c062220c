using MedRec.Grains.Abstractions.Access;

namespace MedRec.Grains.Abstractions.Research;

/// <summary>
/// What the research grain hands each gatekeeper: the researcher's signed request and its raw body (so the
/// gatekeeper verifies signature, body hash and nonce itself), the query's one-time hash key, and the research
/// grain's own refusal (quota, ...) if any, which the gatekeeper audits instead of answering.
/// </summary>
[GenerateSerializer, Immutable, Alias("medrec.research-share-request")]
public sealed record ResearchShareRequest(
    [property: Id(0)] SignedApiRequest Signed,
    [property: Id(1)] string Body,
    [property: Id(2)] byte[] HashKey,
    [property: Id(3)] string? Refusal);
