namespace MedRec.Bench;

/// <summary>Progress lines go to stderr, so stdout carries only the markdown table.</summary>
public static class Progress
{
    public static void Report(string message) => Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}
