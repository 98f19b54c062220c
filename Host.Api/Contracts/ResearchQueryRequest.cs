namespace MedRec.Host.Api.Contracts;

/// <summary>POST /api/research/queries: one aggregate query in the research query language (docs/adr/0008).</summary>
public sealed record ResearchQueryRequest(string Query);
