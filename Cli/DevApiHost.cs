using System.Net;
using System.Net.Sockets;
using MedRec.ChainIndexer.Indexing;
using MedRec.Grains.Writes;
using MedRec.Host.Api;
using MedRec.Silo;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace MedRec.Cli;

/// <summary>The dev system's API host, in this process, co-hosting the silo: localhost clustering, memory grain storage
/// rebuilt from the chain on every start, the indexer following the dev chain, SQLite provider stores and the demo key
/// store reading the identities file.</summary>
internal static class DevApiHost
{
    public static async Task<(WebApplication App, Uri Url)> StartAsync(
        int apiPort, string deploymentFile, string identitiesFile, IReadOnlyDictionary<string, string?> demoSettings, CancellationToken ct)
    {
        var settings = new Dictionary<string, string?>(demoSettings)
        {
            [$"{ChainIndexerOptions.Section}:DeploymentFile"] = Path.GetFullPath(deploymentFile),
            // The dev chain mines a block per transaction; short polls make its effects readable from the mirror within
            // tens of milliseconds (docs/benchmarks.md, freshness) for a few percent of one core while idle.
            [$"{ChainIndexerOptions.Section}:PollInterval"] = "00:00:00.020",
            [$"{ChainStreamOptions.Section}:QueuePollInterval"] = "00:00:00.020",
            [$"{TestKeyStoreOptions.Section}:IdentitiesFile"] = Path.GetFullPath(identitiesFile),
            // The console belongs to the CLI's own output (progress bar, tables): warnings and errors only, and the
            // indexer's periodic progress line not at all.
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Orleans"] = "Error",
            ["Logging:LogLevel:MedRec.ChainIndexer.Indexing.ChainIndexerService"] = "Warning",
            ["Logging:Console:FormatterName"] = "simple",
            ["Logging:Console:FormatterOptions:SingleLine"] = "true",
        };
        // On the command line rather than in settings: Kestrel takes its addresses from the host's configuration.
        var app = MedRecApiHost.Build(["--urls", $"http://127.0.0.1:{apiPort}"], settings);
        try
        {
            await app.StartAsync(ct);
        }
        catch (IOException error) when (error.InnerException is SocketException or AddressInUseException)
        {
            await app.DisposeAsync();
            throw new CliError($"The API could not listen on port {apiPort} ({error.Message}). Try --api-port 0 for a free port.");
        }
        catch (Exception error) when (error is not OperationCanceledException and not CliError)
        {
            await app.DisposeAsync();
            throw new CliError($"The API host did not start ({error.Message}). Is another MedRec dev system using ports 11111/30000?");
        }

        // With port 0 the server knows the port only once it listens.
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return (app, new Uri(address.Replace("[::]", IPAddress.Loopback.ToString(), StringComparison.Ordinal)));
    }
}
