using MedRec.Host.Api;

// The API host. Issue 5 adds the Orleans client and every MedRec flow; for now: service defaults (OpenTelemetry,
// health), OpenAPI + Scalar and the request limits.
var builder = WebApplication.CreateBuilder(args);
builder.AddMedRecApiDefaults();
var app = builder.Build();
app.UseMedRecApiDefaults();
app.Run();
