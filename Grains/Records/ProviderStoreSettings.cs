namespace MedRec.Grains.Records;

/// <summary>Where one provider keeps its records: <c>MedRec:ProviderStores:&lt;provider address&gt;</c>.</summary>
public sealed class ProviderStoreSettings
{
    public const string DefaultPostgreSqlSchema = "medrec_records";

    /// <summary>PostgreSql, Sqlite or SqlServer (required).</summary>
    public ProviderStoreKind? Kind { get; set; }

    /// <summary>The ADO.NET connection string of the provider's database (required).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The provider's schema (PostgreSQL, SQL Server); defaults to <see cref="DefaultPostgreSqlSchema"/> and
    /// dbo. Providers sharing one database need one each. Not used by SQLite (a database per provider).</summary>
    public string? Schema { get; set; }
}
