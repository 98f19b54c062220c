namespace MedRec.IntegrationTests;

/// <summary>A test-only grain that exercises both grain stores (the mirror's and the default) and reminders.</summary>
[Alias("MedRec.IntegrationTests.IAdoNetProbeGrain")]
public interface IAdoNetProbeGrain : IGrainWithStringKey
{
    [Alias("Write")]
    Task Write(string mirrorNote, string defaultNote);

    [Alias("Read")]
    Task<AdoNetProbeSnapshot> Read();

    /// <summary>Clears the mirror store's state (ClearStateAsync).</summary>
    [Alias("Clear")]
    Task Clear();

    [Alias("Remind")]
    Task Remind(string reminderName);

    [Alias("HasReminder")]
    Task<bool> HasReminder(string reminderName);

    [Alias("Forget")]
    Task Forget(string reminderName);
}
