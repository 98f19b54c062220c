namespace MedRec.Bench;

/// <summary>CPU time of another process and its children, from /proc (Linux): PostgreSQL's share of a figure is its
/// postmaster's and its backends' time, which the benchmark's own process time does not include.</summary>
public static class ProcessCpu
{
    /// <summary>Linux's USER_HZ, the unit of /proc/[pid]/stat times: 100 on every mainstream architecture.</summary>
    private const double TicksPerSecond = 100;

    /// <summary>User + system time of <paramref name="pid"/>, its live children and the children it has reaped; null
    /// off Linux or when the process is gone.</summary>
    public static TimeSpan? OfTree(int pid)
    {
        if (!OperatingSystem.IsLinux()) return null;
        long ticks = 0;
        var found = false;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var candidate)) continue;
            if (Stat(candidate) is not { } stat) continue;
            if (candidate == pid)
            {
                ticks += stat.Own + stat.Reaped;
                found = true;
            }
            else if (stat.ParentId == pid)
            {
                ticks += stat.Own + stat.Reaped;
            }
        }

        return found ? TimeSpan.FromSeconds(ticks / TicksPerSecond) : null;
    }

    private static (int ParentId, long Own, long Reaped)? Stat(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null; // exited meanwhile
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }

        // "pid (comm) state ppid ... utime stime cutime cstime ...": comm may hold spaces, so split after its ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[1]), long.Parse(fields[11]) + long.Parse(fields[12]), long.Parse(fields[13]) + long.Parse(fields[14]));
    }
}
