using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace MedRec.Grains.Records;

public static class ProviderStoreServiceCollectionExtensions
{
    /// <summary>Registers <see cref="IProviderStoreFactory"/> with the stores of section
    /// <see cref="ProviderStoreOptions.SectionName"/> (see <see cref="ProviderStoreOptions"/>).</summary>
    public static IServiceCollection AddProviderStores(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<ProviderStoreOptions>()
            .Configure(options => Bind(configuration.GetSection(ProviderStoreOptions.SectionName), options));
        services.TryAddSingleton<ProviderStoreFactory>(provider => new ProviderStoreFactory(
            provider.GetRequiredService<Microsoft.Extensions.Options.IOptions<ProviderStoreOptions>>(),
            provider.GetService<TimeProvider>()));
        services.TryAddSingleton<IProviderStoreFactory>(provider => provider.GetRequiredService<ProviderStoreFactory>());
        return services;
    }

    // By hand rather than with the binder: the binder drops a dictionary entry whose Kind does not convert, which
    // would turn a typo into "provider not configured".
    private static void Bind(IConfigurationSection section, ProviderStoreOptions options)
    {
        foreach (var provider in section.GetChildren())
        {
            ProviderStoreKind? kind = null;
            if (provider["Kind"] is { Length: > 0 } kindText)
            {
                kind = Enum.TryParse<ProviderStoreKind>(kindText, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !char.IsAsciiDigit(kindText[0])
                    ? parsed
                    : throw new InvalidOperationException(
                        $"{provider.Path}:Kind '{kindText}' is not one of {string.Join(", ", Enum.GetNames<ProviderStoreKind>())}.");
            }

            options.Providers[provider.Key] = new ProviderStoreSettings
            {
                Kind = kind,
                ConnectionString = provider["ConnectionString"],
                Schema = provider["Schema"],
            };
        }
    }
}
