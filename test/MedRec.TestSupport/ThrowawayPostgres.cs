using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Npgsql;

namespace MedRec.TestSupport;

/// <summary>
/// A throwaway PostgreSQL server: initdb into a fresh temporary directory, postgres on a free loopback port with its
/// socket in that directory and fsync off; stopped and deleted on dispose. PostgreSQL refuses to run as root, so as
/// root (CI) the server runs as the unprivileged <c>postgres</c> user through runuser and owns the directory.
/// Tests hold one per collection (PostgresFixture); each test (or test class) takes a database of its own with
/// <see cref="CreateDatabaseAsync"/>. Benchmarks start one per run.
/// </summary>
public sealed class ThrowawayPostgres : IAsyncDisposable
{
    private const string SuperUser = "medrec";
    private const string ServiceUser = "postgres";

    private string? _directory;
    private string? _binDirectory;
    private bool _started;

    public int Port { get; private set; }

    /// <summary>A superuser connection to the server's <c>postgres</c> database.</summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1", Port = Port, Username = SuperUser, Database = "postgres", Timeout = 10,
    }.ConnectionString;

    private static bool RunAsServiceUser => Environment.IsPrivilegedProcess;

    /// <summary>The postmaster's process id (first line of postmaster.pid): its backends are its children, so a
    /// benchmark can tell PostgreSQL's CPU time from its own.</summary>
    public int ServerProcessId => int.Parse(File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).First(), CultureInfo.InvariantCulture);

    private string DataDirectory => Path.Combine(_directory!, "data");
    private string LogFile => Path.Combine(_directory!, "postgres.log");

    public static async Task<ThrowawayPostgres> StartAsync()
    {
        var server = new ThrowawayPostgres();
        await server.InitializeAsync();
        return server;
    }

    private async Task InitializeAsync()
    {
        _binDirectory = LocateBinDirectory();
        // As root the server user must be able to reach the directory: /tmp is open to everyone, $TMPDIR may not be.
        var parent = RunAsServiceUser ? "/tmp" : Path.GetTempPath();
        _directory = Directory.CreateDirectory(Path.Combine(parent, $"medrec-pg-{Guid.NewGuid():N}")).FullName;
        try
        {
            if (RunAsServiceUser)
            {
                try
                {
                    await RunAsync("chown", [$"{ServiceUser}:", _directory], asServiceUser: false);
                }
                catch (InvalidOperationException error)
                {
                    throw new InvalidOperationException(
                        $"Running as root, PostgreSQL has to run as the unprivileged user '{ServiceUser}', which could not be given {_directory}. " +
                        "The Debian package postgresql creates that user (scripts/setup.sh installs it).", error);
                }
            }

            await RunAsync(Tool("initdb"),
                ["-D", DataDirectory, "-U", SuperUser, "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"]);

            // The port is free when picked but not reserved: on a clash, pick another.
            for (var attempt = 1; ; attempt++)
            {
                Port = FreeLoopbackPort();
                var serverOptions = $"-p {Port} -k {_directory} -c listen_addresses=127.0.0.1 -c fsync=off " +
                                    "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200";
                try
                {
                    await RunAsync(Tool("pg_ctl"), ["-D", DataDirectory, "-l", LogFile, "-o", serverOptions, "-w", "-t", "60", "start"]);
                    _started = true;
                    break;
                }
                catch (InvalidOperationException) when (attempt < 3 && ReadLog().Contains("could not bind", StringComparison.Ordinal))
                {
                }
            }
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates an empty database named after <paramref name="prefix"/> plus a random suffix and returns a
    /// connection string to it.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "test")
    {
        var safe = new string(prefix.ToLowerInvariant().Where(c => char.IsAsciiLetterOrDigit(c) || c == '_').ToArray());
        if (safe.Length == 0) safe = "test";
        var name = $"{safe[..Math.Min(safe.Length, 30)]}_{Guid.NewGuid():N}"; // at most 63 characters, PostgreSQL's limit
        await using (var connection = new NpgsqlConnection(ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(ConnectionString) { Database = name }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_started)
        {
            _started = false;
            // Immediate: nothing here needs to survive, and it does not wait for client sessions to end.
            try
            {
                await RunAsync(Tool("pg_ctl"), ["-D", DataDirectory, "-m", "immediate", "-w", "stop"]);
            }
            catch (InvalidOperationException)
            {
                // Already gone; deleting the directory below is all that is left to do.
            }
        }

        if (_directory is not null && Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>initdb and pg_ctl: from PATH, else the newest /usr/lib/postgresql/N/bin (Debian's layout).</summary>
    private static string LocateBinDirectory()
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql")
                    .OrderByDescending(dir => int.TryParse(Path.GetFileName(dir), out var major) ? major : 0)
                    .Select(dir => Path.Combine(dir, "bin"))
                : []);
        return candidates.FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")))
            ?? throw new InvalidOperationException(
                "PostgreSQL's initdb and pg_ctl were found neither on PATH nor under /usr/lib/postgresql/*/bin. " +
                "Run scripts/setup.sh (it installs the Debian package postgresql) or install PostgreSQL 15 or later.");
    }

    private string Tool(string name) => Path.Combine(_binDirectory!, name);

    /// <summary>runuser lives in /usr/sbin, which a non-login root shell (or CI) may not have on PATH.</summary>
    private static string RunUser() =>
        new[] { "/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser", "/bin/runuser" }.FirstOrDefault(File.Exists) ?? "runuser";

    private Task RunAsync(string fileName, IReadOnlyList<string> arguments) => RunAsync(fileName, arguments, RunAsServiceUser);

    private async Task RunAsync(string fileName, IReadOnlyList<string> arguments, bool asServiceUser)
    {
        var startInfo = new ProcessStartInfo(asServiceUser ? RunUser() : fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The server user cannot enter every directory root can (the test's working directory, for one).
            WorkingDirectory = _directory ?? Path.GetTempPath(),
        };
        if (asServiceUser)
        {
            foreach (var argument in new[] { "-u", ServiceUser, "--", fileName }) startInfo.ArgumentList.Add(argument);
        }

        foreach (var argument in arguments) startInfo.ArgumentList.Add(argument);

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"{fileName} did not start.");
        // pg_ctl start hands the server's output to the log file (-l), so these streams close when pg_ctl exits.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} did not finish within 90 s.");
        }

        if (process.ExitCode != 0)
        {
            var message = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"{string.Join(' ', startInfo.ArgumentList.Prepend(startInfo.FileName))} exited with {process.ExitCode}.")
                .AppendLine().Append(await output).Append(await error);
            var log = ReadLog();
            if (log.Length > 0) message.AppendLine().AppendLine("postgres.log:").Append(log);
            throw new InvalidOperationException(message.ToString());
        }
    }

    private string ReadLog()
    {
        try
        {
            return _directory is null || !File.Exists(LogFile) ? "" : File.ReadAllText(LogFile);
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
