using MedRec.ChainIndexer.Indexing;
using MedRec.Grains.Access;
using MedRec.Grains.Alerts;
using MedRec.Grains.Writes;
using MedRec.Silo;
using MedRec.Silo.Dashboard;
using MedRec.Silo.ServiceDefaults;
using MedRec.Silo.Storage;
using Microsoft.Extensions.Hosting;

// The Orleans host: the mirror grains, the chain-event streams, the gatekeepers and, unless disabled, the chain indexer.
// Storage and clustering come from "MedRec:Storage" (memory + localhost by default, PostgreSQL by configuration).
var builder = Host.CreateApplicationBuilder(args);
builder.AddMedRecServiceDefaults();
builder.UseOrleans(silo =>
{
    silo.AddMedRecStorage(builder.Configuration).AddChainEventStreams(builder.Configuration).AddMedRecDashboard(builder.Configuration);
    // In a Kubernetes pod (deploy/k8s/silo.yaml sets POD_NAMESPACE, POD_NAME and POD_IP from the downward API) the silo
    // takes its name, advertised address and cluster ids from the pod, and the pods of silos the cluster declared
    // dead are deleted. Outside Kubernetes those variables are missing and Orleans' hosting would refuse to start.
    if (builder.Configuration["POD_NAMESPACE"] is { Length: > 0 }) silo.UseKubernetesHosting();
});
builder.Services.AddChainIndexer(builder.Configuration);
builder.Services.AddMedRecAccess(builder.Configuration);
builder.Services.AddMedRecAlerts();
// The chain writer grains (one per participant, ADR 0004) run here, so API hosts connected as clients can write.
builder.Services.AddMedRecChainWriters(builder.Configuration);

await builder.Build().RunAsync();
