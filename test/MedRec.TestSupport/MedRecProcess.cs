using System.Diagnostics;

namespace MedRec.TestSupport;

/// <summary>
/// One of the project's own programs (Silo/, Host.Api/) run as a separate process, as a hospital runs it: `dotnet
/// &lt;its built dll&gt;` with its configuration in environment variables. What it prints goes to a log file, which a
/// failing test can show. <see cref="Kill"/> is SIGKILL (a crash); <see cref="StopAsync"/> is SIGTERM (a clean stop).
/// </summary>
public sealed class MedRecProcess : IAsyncDisposable
{
    private readonly Process _process;

    private MedRecProcess(string name, Process process, string logFile)
    {
        Name = name;
        _process = process;
        LogFile = logFile;
    }

    public string Name { get; }
    public string LogFile { get; }
    public int Id => _process.Id;
    public bool HasExited => _process.HasExited;

    /// <summary>The built program of a project folder ("Silo" -> Silo/bin/&lt;configuration&gt;/net10.0/MedRec.Silo.dll),
    /// in the configuration (Debug/Release) the calling test or benchmark was built in.</summary>
    public static string ProgramOf(string projectFolder)
    {
        var baseDirectory = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = baseDirectory.Name;
        var configuration = baseDirectory.Parent?.Name ?? "Release";
        var dll = Path.Combine(RepositoryRoot, projectFolder, "bin", configuration, framework, $"MedRec.{projectFolder.Replace('/', '.')}.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException($"{dll} is not built (dotnet build MedRec.Orleans.sln -c {configuration}).", dll);
    }

    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Starts <paramref name="program"/> (a dll path) with <paramref name="settings"/> as environment
    /// variables ("A:B" becomes A__B), in its own folder, its output in <paramref name="logFile"/>.</summary>
    public static MedRecProcess Start(string name, string program, IReadOnlyDictionary<string, string?> settings, string logFile)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(program)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(program);
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in settings) info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;

        var process = Process.Start(info) ?? throw new InvalidOperationException($"dotnet {program} did not start");
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        var gate = new Lock();
        void Write(string? line)
        {
            if (line is null) return;
            lock (gate) log.WriteLine(line);
        }

        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.Exited += (_, _) => { lock (gate) log.Flush(); };
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new MedRecProcess(name, process, logFile);
    }

    /// <summary>SIGKILL: the process dies at once, with nothing flushed or released.</summary>
    public void Kill()
    {
        if (_process.HasExited) return;
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM and wait for the host to stop cleanly; SIGKILL after <paramref name="timeout"/>.</summary>
    public async Task StopAsync(TimeSpan? timeout = null)
    {
        if (_process.HasExited) return;
        using (var signal = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await signal.WaitForExitAsync();
        }

        using var wait = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    /// <summary>The end of the log, for a failure message.</summary>
    public string Tail(int lines = 40)
    {
        try
        {
            using var stream = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return $"--- {Name} (pid {Id}{(HasExited ? ", exited" : "")}), {LogFile}:\n" + string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException ex)
        {
            return $"--- {Name}: log unreadable ({ex.Message})";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(10));
        _process.Dispose();
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "MedRec.Orleans.sln"))) return directory.FullName;
        }

        throw new InvalidOperationException($"No MedRec.Orleans.sln above {AppContext.BaseDirectory}.");
    }
}
