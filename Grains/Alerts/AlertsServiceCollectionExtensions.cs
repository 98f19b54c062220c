using Microsoft.Extensions.DependencyInjection;

namespace MedRec.Grains.Alerts;

public static class AlertsServiceCollectionExtensions
{
    /// <summary>The prescription-misuse alert's options from <c>MedRec:Alerts</c>, validated at start. Without this
    /// call the grains run with the defaults.</summary>
    public static IServiceCollection AddMedRecAlerts(this IServiceCollection services)
    {
        services.AddOptions<PrescriptionAlertOptions>().BindConfiguration(PrescriptionAlertOptions.Section)
            .ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
