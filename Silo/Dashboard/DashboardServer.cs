using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Dashboard;

namespace MedRec.Silo.Dashboard;

/// <summary>
/// The dashboard's own small web host, started and stopped with the silo. Orleans' dashboard only maps endpoints
/// into an ASP.NET Core application; a plain silo (Silo/Program.cs) serves no HTTP, and the API host's port carries
/// signed routes and rate limits the dashboard should stay apart from. Its endpoints resolve the dashboard's services
/// from the silo's container, so they see the silo's grains, profiler and logs.
/// </summary>
public sealed class DashboardServer(IServiceProvider silo, IReadOnlyList<Type> dashboardServices, MedRecDashboardOptions options)
    : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <summary>Where the dashboard answers (with <see cref="MedRecDashboardOptions.Path"/>), once started.</summary>
    public Uri? Address { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = silo.GetRequiredService<IHostEnvironment>().ApplicationName,
            EnvironmentName = silo.GetRequiredService<IHostEnvironment>().EnvironmentName,
        });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Parse(options.ListenAddress), options.Port));
        builder.Services.AddRouting();
        builder.Services.AddSingleton(silo.GetRequiredService<ILoggerFactory>());
        foreach (var type in dashboardServices)
        {
            builder.Services.AddSingleton(type, _ => silo.GetRequiredService(type));
        }

        var app = builder.Build();
        app.MapOrleansDashboard(options.Path == "/" ? null : options.Path);
        await app.StartAsync(cancellationToken);
        _app = app;
        var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First());
        Address = new Uri(bound, options.Path.TrimEnd('/') + "/");
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null) await _app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        _app = null;
    }
}
