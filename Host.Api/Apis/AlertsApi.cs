using MedRec.Grains.Abstractions.Analytics;
using MedRec.Host.Api.OpenApi;
using MedRec.Host.Api.Signing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace MedRec.Host.Api.Apis;

/// <summary>The prescription-misuse alerts of one provider (docs/adr/0007-prescription-misuse-alerts.md): only the
/// provider itself may list them (ApiRequest signed by the provider; any other signer 403 wrong-signer).</summary>
public static class AlertsApi
{
    public static IEndpointRouteBuilder MapAlertsApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api/providers/{provider}/alerts").WithTags("Alerts").WithMedRecProblems().RequireSignature(SignedRequestShape.ApiRequest);
        api.MapGet("", GetAlerts)
            .WithName("GetProviderAlerts").WithSummary("The prescription-misuse alerts this provider is involved in, newest first (latest revision each).");
        return routes;
    }

    public static async Task<Ok<IReadOnlyList<PrescriptionMisuseAlert>>> GetAlerts(
        string provider, HttpContext http, SignedRequestReader reader, IGrainFactory grains, CancellationToken cancellationToken)
    {
        var owner = RouteIds.Address(provider, "provider");
        await reader.ReadAsync(http, owner, cancellationToken);
        await grains.RequireProviderAsync(owner);
        return TypedResults.Ok(await grains.GetGrain<IProviderAlertsGrain>(owner).GetAlertsAsync());
    }
}
