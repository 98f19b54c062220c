namespace MedRec.Grains.Records;

/// <summary>One versioned migration of a provider store, as embedded in this assembly.</summary>
/// <param name="Version">The number the file name starts with (0001-provider-store.sql is version 1).</param>
/// <param name="Name">The file name.</param>
/// <param name="Sql">The script, line endings normalized to \n, with the <c>{schema}.</c> placeholder the dialect
/// fills in (<see cref="ProviderSqlDialect.MigrationText"/>).</param>
/// <param name="Checksum">SHA-256 of <paramref name="Sql"/> (UTF-8), lowercase hex: the same for every schema.</param>
public sealed record StoreMigration(int Version, string Name, string Sql, string Checksum);
