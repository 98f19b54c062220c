using MedRec.Host.Api;

// The HTTP API host (docs/adr/0004-http-api.md): a co-hosted silo by default, an Orleans client with
// MedRec:Api:Silo=Client. MedRecApiHost.Build composes it, so tests and `medrec dev` run exactly this host;
// service defaults (OpenTelemetry, health checks, OpenAPI + Scalar, request limits) plug in there, in one place.
var app = MedRecApiHost.Build(args);
await app.RunAsync();
