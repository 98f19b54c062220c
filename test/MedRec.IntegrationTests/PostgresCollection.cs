namespace MedRec.IntegrationTests;

/// <summary>The tests that share one throwaway PostgreSQL server (<see cref="PostgresFixture"/>).</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
