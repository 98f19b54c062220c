namespace MedRec.Grains.Abstractions.Research;

/// <summary>The stable refusal codes of a research query (besides the request verifier's codes, request-replayed and
/// the query-* codes of the query language).</summary>
public static class ResearchDenials
{
    /// <summary>The signer is not a researcher registered on chain (as mirrored).</summary>
    public const string NotResearcher = "not-a-researcher";

    /// <summary>The researcher used up its fair-use quota for the last 24 hours.</summary>
    public const string QuotaExceeded = "research-quota-exceeded";

    /// <summary>The signed request is not a POST of /api/research/queries.</summary>
    public const string WrongRoute = "request-wrong-route";

    /// <summary>The body is not the one the signature's body hash covers.</summary>
    public const string BodyMismatch = "request-body-mismatch";

    /// <summary>The route the research request is signed for.</summary>
    public const string Path = "/api/research/queries";
}
