using Microsoft.Extensions.Hosting;

// The Orleans host. Issue 3 adds the mirror grains, the indexer and ADO.NET storage; the default stays
// localhost clustering with in-memory grain storage.
var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo => silo
    .UseLocalhostClustering()
    .AddMemoryGrainStorageAsDefault());

await builder.Build().RunAsync();
