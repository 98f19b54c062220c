namespace MedRec.Silo.Storage;

/// <summary>One versioned script of deploy/sql/postgresql, as embedded in the silo.</summary>
/// <param name="Version">The number the file name starts with (0001-main.sql is version 1).</param>
/// <param name="Name">The file name.</param>
/// <param name="Sql">The script text, line endings normalized to \n.</param>
/// <param name="Checksum">SHA-256 of <paramref name="Sql"/> (UTF-8), lower-case hex; recorded in schema_version.</param>
public sealed record SchemaScript(int Version, string Name, string Sql, string Checksum);
