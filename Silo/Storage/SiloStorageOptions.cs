using System.ComponentModel.DataAnnotations;

namespace MedRec.Silo.Storage;

/// <summary>The silo's storage, bound from the <c>MedRec:Storage</c> configuration section.</summary>
public sealed class SiloStorageOptions : IValidatableObject
{
    public const string SectionName = "MedRec:Storage";

    /// <summary>The ADO.NET invariant Orleans uses to load Npgsql.</summary>
    public const string NpgsqlInvariant = "Npgsql";

    public SiloStorageProvider Provider { get; set; } = SiloStorageProvider.Memory;

    /// <summary>The Npgsql connection string of the Orleans database; required for <see cref="SiloStorageProvider.PostgreSql"/>.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply the missing versions of deploy/sql/postgresql when the silo starts, before any provider reads
    /// its queries. Off by default: a production database is usually migrated by its operator (see deploy/sql).</summary>
    public bool ApplySchema { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == SiloStorageProvider.PostgreSql && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult(
                $"{SectionName}:ConnectionString is required when {SectionName}:Provider is {SiloStorageProvider.PostgreSql}.",
                [nameof(ConnectionString)]);
        }
    }
}
