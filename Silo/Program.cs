using MedRec.ChainIndexer.Indexing;
using MedRec.Silo;
using MedRec.Silo.Storage;
using Microsoft.Extensions.Hosting;

// The Orleans host: the mirror grains, the chain-event streams and, unless disabled, the chain indexer.
// Storage and clustering come from "MedRec:Storage" (memory + localhost by default, PostgreSQL by configuration).
var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo => silo
    .AddMedRecStorage(builder.Configuration)
    .AddChainEventStreams(builder.Configuration));
builder.Services.AddChainIndexer(builder.Configuration);

await builder.Build().RunAsync();
