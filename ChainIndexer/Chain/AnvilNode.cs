using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Runtime.InteropServices;
using Nethereum.Hex.HexTypes;
using Nethereum.Web3;

namespace MedRec.ChainIndexer.Chain;

/// <summary>
/// A local anvil node (npm package @foundry-rs/anvil, pinned in package.json) on a loopback port: the dev chain for
/// the run command, the tests and the benchmarks. Disposing stops it.
/// </summary>
public sealed class AnvilNode : IAsyncDisposable
{
    public const long DevChainId = 31337;
    private readonly Process _process;

    private AnvilNode(Process process, int port)
    {
        _process = process;
        Port = port;
        RpcUrl = $"http://127.0.0.1:{port}";
        Web3 = new Web3(RpcUrl);
    }

    public int Port { get; }
    public string RpcUrl { get; }
    public long ChainId => DevChainId;
    public Web3 Web3 { get; }

    /// <summary>The anvil process (benchmarks read its CPU time).</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts anvil on <paramref name="port"/> (0 picks a free loopback port) and waits until it answers.</summary>
    public static async Task<AnvilNode> StartAsync(int port = 0, CancellationToken cancellationToken = default)
    {
        if (port == 0) port = FreeLoopbackPort();
        var startInfo = new ProcessStartInfo(LocateBinary())
        {
            RedirectStandardOutput = true, // anvil prints its dev keys at start: never let them reach a log
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     "--host", "127.0.0.1", "--port", port.ToString(), "--chain-id", DevChainId.ToString(),
                     "--hardfork", "prague", "--mnemonic-random", "--accounts", "1",
                     // A bounded number of recent states in memory (the platform notes' memory trap is unbounded
                     // history); with none kept, a nonce or call asked at a block mined a moment ago (a busy machine)
                     // failed with BlockOutOfRangeError.
                     "--prune-history", "64",
                 })
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("anvil did not start.");
        process.OutputDataReceived += static (_, _) => { };
        process.ErrorDataReceived += static (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var node = new AnvilNode(process, port);
        try
        {
            await node.WaitUntilReadyAsync(TimeSpan.FromSeconds(30), cancellationToken);
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>Gives <paramref name="address"/> a balance (anvil_setBalance), so keys made by the project pay gas.</summary>
    public Task FundAsync(string address, BigInteger wei) =>
        Web3.Client.SendRequestAsync<object>("anvil_setBalance", null, address, new HexBigInteger(wei).HexValue);

    public Task FundAsync(string address) => FundAsync(address, BigInteger.Pow(10, 24));

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    /// <summary>The anvil binary: MEDREC_ANVIL if set, else node_modules of the nearest folder that has it.</summary>
    public static string LocateBinary()
    {
        var configured = Environment.GetEnvironmentVariable("MEDREC_ANVIL");
        if (!string.IsNullOrEmpty(configured)) return configured;

        var platform = (OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "darwin" : "win32")
            + "-" + (RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "arm64" : "amd64");
        var relative = Path.Combine("node_modules", "@foundry-rs", $"anvil-{platform}", "bin",
            OperatingSystem.IsWindows() ? "anvil.exe" : "anvil");
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, relative);
                if (File.Exists(candidate)) return candidate;
            }
        }

        throw new FileNotFoundException(
            $"anvil was not found ({relative}). Run `npm ci` in the repository root, or set MEDREC_ANVIL.");
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        Exception? last = null;
        while (DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"anvil exited with code {_process.ExitCode} before answering on port {Port}.");
            }

            try
            {
                await Web3.Eth.ChainId.SendRequestAsync();
                return;
            }
            catch (Exception ex)
            {
                last = ex;
                await Task.Delay(50, cancellationToken);
            }
        }

        throw new TimeoutException($"anvil did not answer on {RpcUrl} within {timeout.TotalSeconds} s.", last);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
