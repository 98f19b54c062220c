using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using MedRec.Cli;

namespace MedRec.IntegrationTests;

/// <summary>
/// `medrec dev` as a user runs it: its own process (anvil, deployment, API host co-hosting the silo, demo data), the
/// API URL and the identities printed (never a key), and Ctrl-C (SIGINT) stopping everything with exit code 0.
/// </summary>
public sealed partial class DevCommandTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("medrec-dev-").FullName;

    [Fact]
    public async Task Dev_prints_the_api_and_the_identities_and_stops_cleanly_on_ctrl_c()
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            WorkingDirectory = _directory,
            // Free ports everywhere: other MedRec systems on this machine may hold the defaults.
            Environment = { ["MedRec__Api__SiloPort"] = "0", ["MedRec__Api__GatewayPort"] = "0" },
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "medrec.dll"), "dev", "--port", "0", "--api-port", "0",
                     "--deployment", Path.Combine(_directory, "deployment.json") })
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, line) => { lock (output) output.AppendLine(line.Data); };
        process.ErrorDataReceived += (_, line) => { lock (output) output.AppendLine(line.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var api = await WaitForApiAsync(process, output, TimeSpan.FromSeconds(180));
            using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) })
            {
                var deployment = await http.GetAsync(new Uri(api, "/api/deployment"));
                Assert.True(deployment.IsSuccessStatusCode, $"GET /api/deployment answered {deployment.StatusCode}");
            }

            var printed = Text(output);
            var identities = await DemoIdentities.ReadAsync(DemoIdentities.FileIn(_directory), CancellationToken.None);
            // The name column wraps on the 80 columns of redirected output: the provider's first word will do.
            Assert.Contains(DemoData.PatientRecordsProviderName.Split(' ')[0], printed);
            Assert.Contains($"{api.ToString().TrimEnd('/')}/scalar", printed);
            foreach (var identity in identities)
            {
                Assert.Contains(identity.Address, printed);
                Assert.DoesNotContain(identity.PrivateKey[2..], printed, StringComparison.OrdinalIgnoreCase);
            }

            await InterruptAsync(process.Id);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(process.ExitCode == 0, $"medrec dev exited {process.ExitCode} after SIGINT:\n{Text(output)}");
            Assert.Contains("Stopping the API, the silo and the dev chain.", Text(output));

            // The chain went with it: its RPC port no longer answers.
            var rpc = RpcUrl().Match(printed).Value;
            using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
            await Assert.ThrowsAnyAsync<Exception>(() => probe.PostAsync(rpc, new StringContent("""{"jsonrpc":"2.0","id":1,"method":"eth_chainId"}""")));
        }
        finally
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Polls the output (with a deadline) for the line that says the system runs, and returns its API URL.</summary>
    private static async Task<Uri> WaitForApiAsync(Process process, StringBuilder output, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            var match = ApiUrl().Match(Text(output));
            if (match.Success) return new Uri(match.Groups[1].Value);
            if (process.HasExited) Assert.Fail($"medrec dev exited with {process.ExitCode} before printing the API URL:\n{Text(output)}");
            if (DateTime.UtcNow > deadline) Assert.Fail($"medrec dev did not print 'running. API: <url>' within {within.TotalSeconds} s:\n{Text(output)}");
            await Task.Delay(100);
        }
    }

    private static string Text(StringBuilder output)
    {
        lock (output) return output.ToString();
    }

    /// <summary>What Ctrl-C sends (Process.Kill would send SIGKILL, which nothing can handle).</summary>
    private static async Task InterruptAsync(int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-INT", pid.ToString() }, UseShellExecute = false })!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }

    [GeneratedRegex(@"running\. API: (http://127\.0\.0\.1:\d+)")]
    private static partial Regex ApiUrl();

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+(?=\s*│)")]
    private static partial Regex RpcUrl();

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
