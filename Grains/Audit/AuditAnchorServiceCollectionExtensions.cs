using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace MedRec.Grains.Audit;

public static class AuditAnchorServiceCollectionExtensions
{
    /// <summary>Audit anchoring in a silo: options from "MedRec:Audit" and the periodic <see cref="AuditAnchorService"/>.</summary>
    public static IServiceCollection AddAuditAnchors(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AuditAnchorOptions>().Bind(configuration.GetSection(AuditAnchorOptions.Section));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, AuditAnchorService>());
        return services;
    }
}
