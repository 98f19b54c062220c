using MedRec.Host.Api.OpenApi;
using MedRec.Silo.ServiceDefaults;

// The API host. Issue 5 adds the Orleans client and every MedRec flow; for now: service defaults, health, OpenAPI.
var builder = WebApplication.CreateBuilder(args);
builder.AddMedRecServiceDefaults();
builder.AddMedRecOpenApi();
var app = builder.Build();
app.MapMedRecHealthChecks();
app.MapMedRecOpenApi();
app.Run();
