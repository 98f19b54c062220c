using MedRec.Grains.Abstractions.Chain;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MedRec.Cli;

/// <summary>An Orleans client connected to a running MedRec silo (localhost clustering, gateway on a loopback port).</summary>
internal static class ClusterConnection
{
    public static async Task<IHost> ConnectAsync(int gatewayPort, Action<IServiceCollection>? services, CancellationToken ct)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.UseOrleansClient(client => client
            .UseLocalhostClustering(gatewayPort)
            .AddMemoryStreams(ChainStreams.ProviderName));
        services?.Invoke(builder.Services);
        var host = builder.Build();
        try
        {
            await host.StartAsync(ct);
            return host;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            host.Dispose();
            throw new CliError($"Could not reach a MedRec silo on gateway port {gatewayPort}: {ex.Message}");
        }
    }
}
