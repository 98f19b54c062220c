namespace MedRec.Grains.Records;

/// <summary>Which database a provider keeps its records in.</summary>
public enum ProviderStoreKind
{
    PostgreSql = 1,
    Sqlite = 2,
    SqlServer = 3,
}
