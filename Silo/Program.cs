using MedRec.ChainIndexer.Indexing;
using MedRec.Grains.Access;
using MedRec.Silo;
using MedRec.Silo.ServiceDefaults;
using MedRec.Silo.Storage;
using Microsoft.Extensions.Hosting;

// The Orleans host: the mirror grains, the chain-event streams, the gatekeepers and, unless disabled, the chain indexer.
// Storage and clustering come from "MedRec:Storage" (memory + localhost by default, PostgreSQL by configuration).
var builder = Host.CreateApplicationBuilder(args);
builder.AddMedRecServiceDefaults();
builder.UseOrleans(silo => silo
    .AddMedRecStorage(builder.Configuration)
    .AddChainEventStreams(builder.Configuration));
builder.Services.AddChainIndexer(builder.Configuration);
builder.Services.AddMedRecAccess(builder.Configuration);

await builder.Build().RunAsync();
