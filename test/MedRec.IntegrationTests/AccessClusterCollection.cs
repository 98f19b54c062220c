namespace MedRec.IntegrationTests;

/// <summary>The tests that share one in-process silo hosting the access grains (<see cref="AccessClusterFixture"/>).</summary>
[CollectionDefinition(Name)]
public sealed class AccessClusterCollection : ICollectionFixture<AccessClusterFixture>
{
    public const string Name = "Access cluster";
}
