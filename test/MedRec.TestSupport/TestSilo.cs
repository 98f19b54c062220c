using System.Net;
using System.Net.Sockets;
using MedRec.ChainIndexer.Indexing;
using MedRec.Grains.Access;
using MedRec.Silo;
using MedRec.Silo.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace MedRec.TestSupport;

/// <summary>A silo in a generic host, configured as Silo/Program.cs configures it (storage from MedRec:Storage; with
/// <c>mirror</c>, also the chain-event streams (MedRec:Streams) and the hosted indexer; with <c>access</c>, the
/// gatekeepers' services), on free loopback ports.</summary>
public sealed class TestSilo(IHost host) : IAsyncDisposable
{
    public IServiceProvider Services => host.Services;
    public IGrainFactory Grains => host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<TestSilo> StartAsync(
        IReadOnlyDictionary<string, string?> settings, bool mirror = false, bool access = false, Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.UseOrleans(silo =>
        {
            silo.AddMedRecStorage(builder.Configuration)
                .ConfigureEndpoints(IPAddress.Loopback, FreeLoopbackPort(), FreeLoopbackPort());
            if (mirror) silo.AddChainEventStreams(builder.Configuration);
        });
        if (mirror) builder.Services.AddChainIndexer(builder.Configuration);
        services?.Invoke(builder.Services);
        if (access) builder.Services.AddMedRecAccess(builder.Configuration);
        var host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StartAsync(timeout.Token);
        return new TestSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await host.StopAsync(timeout.Token);
        host.Dispose();
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
