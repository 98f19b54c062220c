using MedRec.Grains.Access;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using Orleans.TestingHost;

namespace MedRec.IntegrationTests;

/// <summary>An in-process silo with the access grains' store (memory), shared by the tests of the access grains.</summary>
public sealed class AccessClusterFixture : IAsyncLifetime
{
    private InProcessTestCluster? _cluster;

    public InProcessTestCluster Cluster => _cluster ?? throw new InvalidOperationException("not started");
    public IGrainFactory Grains => Cluster.Silos[0].ServiceProvider.GetRequiredService<IGrainFactory>();

    /// <summary>The access store itself, to look at what a grain persisted.</summary>
    public IGrainStorage AccessStore => Cluster.Silos[0].ServiceProvider.GetRequiredKeyedService<IGrainStorage>(AccessStorage.Name);

    public async Task InitializeAsync()
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.ConfigureSilo((_, silo) => silo.AddMemoryGrainStorage(AccessStorage.Name));
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null) await _cluster.DisposeAsync();
    }
}
