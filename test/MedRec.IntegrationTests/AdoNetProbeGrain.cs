using MedRec.Grains.Mirror;

namespace MedRec.IntegrationTests;

// Distinct state names: Orleans' ADO.NET store keys a row by (service id, state name, grain key) only, neither by
// grain type nor by provider name, so two states named alike would share one row even in two different stores.
public sealed class AdoNetProbeGrain(
    [PersistentState("probe-mirror", MirrorStorage.Name)] IPersistentState<AdoNetProbeState> mirror,
    [PersistentState("probe-default")] IPersistentState<AdoNetProbeState> fallback)
    : Grain, IAdoNetProbeGrain, IRemindable
{
    public async Task Write(string mirrorNote, string defaultNote)
    {
        mirror.State = new AdoNetProbeState { Note = mirrorNote };
        await mirror.WriteStateAsync();
        fallback.State = new AdoNetProbeState { Note = defaultNote };
        await fallback.WriteStateAsync();
    }

    public Task<AdoNetProbeSnapshot> Read() =>
        Task.FromResult(new AdoNetProbeSnapshot(mirror.State.Note, mirror.RecordExists, mirror.Etag, fallback.State.Note));

    public Task Clear() => mirror.ClearStateAsync();

    // Due far in the future: the test checks that the reminder is stored, not that it fires.
    public Task Remind(string reminderName) =>
        this.RegisterOrUpdateReminder(reminderName, TimeSpan.FromHours(1), TimeSpan.FromHours(1));

    public async Task<bool> HasReminder(string reminderName) => await this.GetReminder(reminderName) is not null;

    public async Task Forget(string reminderName)
    {
        if (await this.GetReminder(reminderName) is { } reminder) await this.UnregisterReminder(reminder);
    }

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
