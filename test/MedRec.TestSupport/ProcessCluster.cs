using System.Globalization;
using System.Net;
using System.Net.Sockets;
using MedRec.Grains.Abstractions.Chain;
using MedRec.Silo.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Runtime;

namespace MedRec.TestSupport;

/// <summary>
/// A real multi-silo cluster on this machine: Silo/ started as separate processes on loopback ports, joined through
/// one PostgreSQL database (ADO.NET clustering, grain storage, reminders), and optionally Host.Api/ as an Orleans client
/// process. The caller's own Orleans client (<see cref="Grains"/>) reaches the same cluster through the membership
/// table, to look at the mirror and the indexer lease.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    private readonly Dictionary<string, string?> _settings;
    private readonly string _directory;
    private readonly List<MedRecProcess> _silos = [];
    private readonly List<MedRecProcess> _exited = [];
    private IHost? _client;
    private int _started;

    private ProcessCluster(Dictionary<string, string?> settings, string directory)
    {
        _settings = settings;
        _directory = directory;
    }

    /// <summary>The silos that run now, in the order they were started.</summary>
    public IReadOnlyList<MedRecProcess> Silos => _silos;
    public MedRecProcess? Api { get; private set; }
    public Uri? ApiAddress { get; private set; }
    public IReadOnlyDictionary<string, string?> Settings => _settings;

    public IGrainFactory Grains => (_client ?? throw new InvalidOperationException("no client yet")).Services.GetRequiredService<IClusterClient>();

    /// <summary>A cluster configuration on <paramref name="connectionString"/> (the schema applied by the first silo)
    /// with <paramref name="settings"/> on top; nothing is started yet.</summary>
    public static ProcessCluster Create(string connectionString, string deploymentFile, string directory, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Orleans:ClusterId"] = $"cluster-{Guid.NewGuid():N}",
            ["Orleans:ServiceId"] = $"medrec-{Guid.NewGuid():N}",
            ["Orleans:Endpoints:AdvertisedIPAddress"] = "127.0.0.1",
            ["MedRec:Storage:Provider"] = "PostgreSql",
            ["MedRec:Storage:ConnectionString"] = connectionString,
            ["MedRec:Storage:ApplySchema"] = "true",
            ["MedRec:Indexer:DeploymentFile"] = deploymentFile,
            ["MedRec:Indexer:PollInterval"] = "00:00:00.020",
            ["MedRec:Streams:QueuePollInterval"] = "00:00:00.020",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:MedRec"] = "Information",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        return new ProcessCluster(all, directory);
    }

    /// <summary>Starts one more silo on free loopback ports and waits until the cluster counts it active.</summary>
    public async Task<MedRecProcess> StartSiloAsync(CancellationToken cancellationToken = default)
    {
        var index = Interlocked.Increment(ref _started);
        var settings = new Dictionary<string, string?>(_settings)
        {
            ["Orleans:Endpoints:SiloPort"] = FreePort(),
            ["Orleans:Endpoints:GatewayPort"] = FreePort(),
        };
        var silo = MedRecProcess.Start($"silo-{index}", MedRecProcess.ProgramOf("Silo"), settings, Path.Combine(_directory, $"silo-{index}.log"));
        _silos.Add(silo);
        await WaitForActiveSilosAsync(_silos.Count, TimeSpan.FromSeconds(90), cancellationToken);
        return silo;
    }

    /// <summary>Starts Host.Api/ as an Orleans client of the cluster on a free loopback port; waits until it answers.</summary>
    public async Task<Uri> StartApiAsync(IReadOnlyDictionary<string, string?>? settings = null, CancellationToken cancellationToken = default)
    {
        var port = FreePort();
        var all = new Dictionary<string, string?>(_settings)
        {
            ["urls"] = $"http://127.0.0.1:{port}",
            ["MedRec:Api:Silo"] = "Client",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) all[key] = value;
        Api = MedRecProcess.Start("api", MedRecProcess.ProgramOf("Host.Api"), all, Path.Combine(_directory, "api.log"));
        ApiAddress = new Uri($"http://127.0.0.1:{port}/");
        using var http = new HttpClient { BaseAddress = ApiAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("api/deployment", cancellationToken);
                if (response.IsSuccessStatusCode) return ApiAddress;
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            if (Api.HasExited || DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the API host did not answer GET /api/deployment within 90 s\n{Api.Tail()}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>SIGKILL one silo (it stays in <see cref="Tail"/>'s logs).</summary>
    public void Kill(MedRecProcess silo)
    {
        silo.Kill();
        _silos.Remove(silo);
        _exited.Add(silo);
    }

    /// <summary>Stops every silo cleanly (SIGTERM), the API host first.</summary>
    public async Task StopAllAsync()
    {
        if (Api is not null)
        {
            await Api.StopAsync();
            _exited.Add(Api);
            Api = null;
        }

        await DisconnectAsync();
        foreach (var silo in _silos) await silo.StopAsync();
        _exited.AddRange(_silos);
        _silos.Clear();
    }

    /// <summary>The silo process whose indexer holds the lease now (holders are named machine/pid/suffix), or null.</summary>
    public async Task<MedRecProcess?> IndexerHolderAsync(string leaseKey)
    {
        var lease = await Grains.GetGrain<IIndexerLeaseGrain>(leaseKey).GetAsync();
        if (lease is null || lease.ExpiresAt <= DateTimeOffset.UtcNow) return null;
        var pid = int.Parse(lease.Holder.Split('/')[1], CultureInfo.InvariantCulture);
        return _silos.FirstOrDefault(s => s.Id == pid);
    }

    /// <summary>Waits until the cluster's membership counts exactly <paramref name="count"/> active silos.</summary>
    public async Task WaitForActiveSilosAsync(int count, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        var seen = -1;
        while (true)
        {
            try
            {
                _client ??= await ConnectAsync(cancellationToken);
                var hosts = await Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true).WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
                seen = hosts.Count;
                if (seen == count) return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Not up yet, or the client's gateway just died: ask again.
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"the cluster did not count {count} active silos within {timeout.TotalSeconds:F0} s (last seen {seen})\n{Tail()}");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>The end of every process's log.</summary>
    public string Tail(int lines = 30) =>
        string.Join('\n', _silos.Concat(_exited).Concat(Api is null ? [] : [Api]).Distinct().Select(p => p.Tail(lines)));

    public async ValueTask DisposeAsync()
    {
        if (Api is not null) await Api.DisposeAsync();
        await DisconnectAsync();
        foreach (var silo in _silos) silo.Kill();
    }

    private async Task DisconnectAsync()
    {
        if (_client is null) return;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _client.StopAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
        }

        _client.Dispose();
        _client = null;
    }

    private async Task<IHost> ConnectAsync(CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(_settings);
        builder.UseOrleansClient(client => client.UseAdoNetClustering(o =>
        {
            o.Invariant = SiloStorageOptions.NpgsqlInvariant;
            o.ConnectionString = _settings["MedRec:Storage:ConnectionString"];
        }));
        var host = builder.Build();
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(20));
            await host.StartAsync(timeout.Token);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    private static string FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
    }
}
