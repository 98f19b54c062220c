using MedRec.Grains.Abstractions.Chain;
using MedRec.Silo.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MedRec.Cli;

/// <summary>An Orleans client connected to a running MedRec silo: the gateway on a loopback port by default, or any
/// gateway of the cluster's ADO.NET membership table when the environment configures <c>MedRec:Storage</c> with
/// PostgreSQL, as the API host does (how the indexer container reaches the silos, deploy/k8s/indexer.yaml).</summary>
internal static class ClusterConnection
{
    /// <param name="services">Adds the command's services, given the host's configuration (the environment's
    /// variables, to which the command may add its options).</param>
    /// <param name="settings">Configuration over the environment's (tests).</param>
    public static async Task<IHost> ConnectAsync(int gatewayPort, Action<IServiceCollection, IConfigurationManager>? services, CancellationToken ct,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        var storage = builder.Configuration.GetSection(SiloStorageOptions.SectionName).Get<SiloStorageOptions>() ?? new SiloStorageOptions();
        builder.UseOrleansClient(client =>
        {
            if (storage.Provider == SiloStorageProvider.PostgreSql)
            {
                // Cluster and service ids come from the "Orleans" section, which Orleans reads itself.
                client.UseAdoNetClustering(clustering =>
                {
                    clustering.Invariant = SiloStorageOptions.NpgsqlInvariant;
                    clustering.ConnectionString = storage.ConnectionString
                        ?? throw new CliError($"{SiloStorageOptions.SectionName}:ConnectionString is required with the PostgreSql provider.");
                });
            }
            else
            {
                client.UseLocalhostClustering(gatewayPort);
            }

            client.AddMemoryStreams(ChainStreams.ProviderName);
        });
        services?.Invoke(builder.Services, builder.Configuration);
        var host = builder.Build();
        try
        {
            await host.StartAsync(ct);
            return host;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            host.Dispose();
            throw new CliError(storage.Provider == SiloStorageProvider.PostgreSql
                ? $"Could not reach a MedRec silo through the cluster's membership table: {ex.Message}"
                : $"Could not reach a MedRec silo on gateway port {gatewayPort}: {ex.Message}");
        }
    }
}
