namespace MedRec.Silo.Storage;

/// <summary>What <see cref="PostgresSchema.ApplyAsync"/> did.</summary>
/// <param name="Applied">The versions applied by this call, in order; empty when the database was up to date.</param>
/// <param name="DatabaseVersion">The highest version the database holds afterwards (it may be ahead of this silo).</param>
public sealed record SchemaApplyResult(IReadOnlyList<int> Applied, int DatabaseVersion);
