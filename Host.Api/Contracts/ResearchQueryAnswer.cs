using MedRec.Grains.Abstractions.Research;

namespace MedRec.Host.Api.Contracts;

/// <summary>
/// The answer to a research query: the canonical query, k, every cell in a fixed order (a suppressed cell has its key
/// and <c>suppressed</c> = below-k or complementary, and no values), how each provider answered, and the quota.
/// </summary>
public sealed record ResearchQueryAnswer(
    string Query, int K, IReadOnlyList<ResearchCellAnswer> Cells, int Suppressed,
    IReadOnlyList<ResearchProviderOutcome> Providers, ResearchQuota? Quota);

/// <summary>One cell: the group values (null when not grouped by it), then either its values or why it is suppressed.</summary>
public sealed record ResearchCellAnswer(
    int? Year, string? Category, string? CodeSystem, string? Code, long? Bucket, double? BucketFrom, double? BucketTo,
    string? Suppressed, long? Patients, long? Records, double? Mean);
