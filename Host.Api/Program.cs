using MedRec.Silo.ServiceDefaults;

// The API host. Issue 5 adds the Orleans client and every MedRec flow; for now: service defaults and health.
var builder = WebApplication.CreateBuilder(args);
builder.AddMedRecServiceDefaults();
var app = builder.Build();
app.MapMedRecHealthChecks();
app.Run();
