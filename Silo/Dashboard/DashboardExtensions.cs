using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using OrleansDashboardOptions = Orleans.Dashboard.DashboardOptions;

namespace MedRec.Silo.Dashboard;

public static class DashboardExtensions
{
    /// <summary>Orleans Dashboard on this silo, on its own port, when <c>MedRec:Dashboard:Enabled</c> is true
    /// (<see cref="MedRecDashboardOptions"/>); nothing at all otherwise.</summary>
    /// <exception cref="OptionsValidationException">The section is invalid.</exception>
    public static ISiloBuilder AddMedRecDashboard(this ISiloBuilder silo, IConfiguration configuration)
    {
        var options = configuration.GetSection(MedRecDashboardOptions.Section).Get<MedRecDashboardOptions>() ?? new MedRecDashboardOptions();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            throw new OptionsValidationException(MedRecDashboardOptions.Section, typeof(MedRecDashboardOptions), results.Select(r => r.ErrorMessage ?? "invalid"));
        }

        if (!options.Enabled) return silo;

        silo.AddDashboard(dashboard => dashboard.CounterUpdateIntervalMs = (int)options.CounterUpdateInterval.TotalMilliseconds);
        // The services the dashboard's endpoints resolve, as registered by AddDashboard: DashboardServer's web host
        // takes them from the silo's container instead of building its own.
        var dashboardServices = silo.Services
            .Where(d => !d.IsKeyedService && d.ServiceType.Assembly == typeof(OrleansDashboardOptions).Assembly && !d.ServiceType.IsGenericTypeDefinition)
            .Select(d => d.ServiceType)
            .Append(typeof(IOptions<OrleansDashboardOptions>))
            .Distinct()
            .ToList();
        silo.Services.AddSingleton(sp => new DashboardServer(sp, dashboardServices, options));
        silo.Services.AddHostedService(sp => sp.GetRequiredService<DashboardServer>());
        return silo;
    }
}
