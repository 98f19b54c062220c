using MedRec.Host.Api.Limits;
using MedRec.Host.Api.OpenApi;
using MedRec.Silo.ServiceDefaults;

namespace MedRec.Host.Api;

/// <summary>Everything the API host has besides its routes, in two calls: the service defaults (OpenTelemetry, health
/// checks), the OpenAPI document and the request limits.</summary>
public static class ApiDefaultsExtensions
{
    /// <summary>Call before <c>UseOrleans</c> / <c>UseOrleansClient</c>: the service defaults switch Orleans'
    /// distributed tracing on in the configuration Orleans reads there.</summary>
    public static WebApplicationBuilder AddMedRecApiDefaults(this WebApplicationBuilder builder) =>
        builder.AddMedRecServiceDefaults().AddMedRecOpenApi().AddMedRecRequestLimits();

    /// <summary>The request limits in the pipeline, then /health/live, /health/ready, /openapi/v1.json and /scalar.</summary>
    public static WebApplication UseMedRecApiDefaults(this WebApplication app)
    {
        app.UseMedRecRequestLimits();
        app.MapMedRecHealthChecks();
        app.MapMedRecOpenApi();
        return app;
    }
}
