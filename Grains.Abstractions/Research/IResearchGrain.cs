namespace MedRec.Grains.Abstractions.Research;

/// <summary>
/// Runs a researcher's aggregate query: checks it (signature, role, nonce, query, quota), fans it out to every
/// provider's gatekeeper in parallel with a deadline, merges the shares and releases only k-anonymous cells. Every
/// gatekeeper audits the query, granted or refused.
/// </summary>
[Alias("medrec.research-grain")]
public interface IResearchGrain : IGrainWithIntegerKey
{
    /// <param name="request">The researcher's signed <c>POST /api/research/queries</c>.</param>
    /// <param name="body">Its raw body (UTF-8 JSON <c>{"query": "..."}</c>), which the signature's body hash covers.</param>
    [Alias("query")]
    Task<ResearchAnswer> QueryAsync(Access.SignedApiRequest request, string body);
}
