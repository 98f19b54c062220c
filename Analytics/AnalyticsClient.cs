using MedRec.Grains.Abstractions.Analytics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MedRec.Analytics.Sample;

/// <summary>
/// The job's Orleans client: through the cluster's ADO.NET membership table when <c>MedRec:Storage:Provider</c> is
/// PostgreSql (connection string <c>MedRec:Storage:ConnectionString</c>, ids from the <c>Orleans</c> section, as the
/// silos read them), else the gateway on a loopback port. The memory stream provider is the silos' (named
/// <see cref="AnalyticsStreams.ProviderName"/>).
/// </summary>
public static class AnalyticsClient
{
    public const string NpgsqlInvariant = "Npgsql";

    public static async Task<IHost> ConnectAsync(IReadOnlyDictionary<string, string?> settings, int gatewayPort, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        var configuration = builder.Configuration;
        builder.UseOrleansClient(client =>
        {
            if (string.Equals(configuration["MedRec:Storage:Provider"], "PostgreSql", StringComparison.OrdinalIgnoreCase))
            {
                client.UseAdoNetClustering(clustering =>
                {
                    clustering.Invariant = NpgsqlInvariant;
                    clustering.ConnectionString = configuration["MedRec:Storage:ConnectionString"]
                        ?? throw new InvalidOperationException("MedRec:Storage:ConnectionString is required with the PostgreSql provider.");
                });
            }
            else
            {
                client.UseLocalhostClustering(gatewayPort, configuration["Orleans:ServiceId"] ?? "dev", configuration["Orleans:ClusterId"] ?? "dev");
            }

            client.AddMemoryStreams(AnalyticsStreams.ProviderName);
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    public static IClusterClient Client(this IHost host) => host.Services.GetRequiredService<IClusterClient>();
}
