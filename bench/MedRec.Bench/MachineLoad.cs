namespace MedRec.Bench;

/// <summary>The machine's load average (Linux /proc/loadavg): other work on a shared machine skews every figure, so
/// each table says how busy the machine was when the program started and when it printed (the latter includes the
/// program's own work).</summary>
public static class MachineLoad
{
    /// <summary>"load 0.42/0.80/1.10" (1, 5 and 15 minutes), or "load unknown" off Linux.</summary>
    public static string Describe()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return $"load {fields[0]}/{fields[1]}/{fields[2]}";
        }
        catch (IOException)
        {
            return "load unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "load unknown";
        }
    }
}
