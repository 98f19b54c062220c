namespace MedRec.Grains.Alerts;

/// <summary>A prescription as the alert job keeps it.</summary>
[GenerateSerializer, Alias("medrec.alerts.prescription")]
public sealed record AlertPrescription(
    [property: Id(0)] string Key, [property: Id(1)] string Provider, [property: Id(2)] DateTimeOffset AuthoredOn, [property: Id(3)] string ChainEventKey);

/// <summary>One episode found in a patient's prescriptions: its prescriptions (keys), providers and dates.</summary>
public sealed record PrescriptionEpisode(
    IReadOnlyList<string> PrescriptionKeys, IReadOnlyList<string> Providers, DateTimeOffset First, DateTimeOffset Last);

/// <summary>
/// Finds the alert episodes in a set of prescriptions, the same way whatever order they arrived in. In authoredOn
/// order: an episode starts at the first prescription whose window (the <c>windowDays</c> days up to and including
/// its authoredOn) holds prescriptions from more than <c>threshold</c> distinct providers, and takes in every
/// prescription of that window; each later prescription authored at most <c>windowDays</c> after the episode's last
/// joins it (the episode stays open). A prescription further away closes it; the next hot window starts another.
/// </summary>
public static class PrescriptionEpisodes
{
    public static IReadOnlyList<PrescriptionEpisode> Find(IEnumerable<AlertPrescription> prescriptions, int threshold, int windowDays)
    {
        var sorted = prescriptions.OrderBy(p => p.AuthoredOn).ThenBy(p => p.Key, StringComparer.Ordinal).ToList();
        var window = TimeSpan.FromDays(windowDays);
        var episodes = new List<PrescriptionEpisode>();
        List<AlertPrescription>? current = null;
        var windowStart = 0;
        for (var i = 0; i < sorted.Count; i++)
        {
            var p = sorted[i];
            while (sorted[windowStart].AuthoredOn <= p.AuthoredOn - window) windowStart++;
            if (current is not null && p.AuthoredOn - current[^1].AuthoredOn <= window)
            {
                current.Add(p);
                continue;
            }

            if (current is not null)
            {
                episodes.Add(ToEpisode(current));
                current = null;
            }

            var inWindow = sorted.GetRange(windowStart, i - windowStart + 1);
            if (inWindow.Select(w => w.Provider).Distinct(StringComparer.Ordinal).Count() > threshold) current = inWindow;
        }

        if (current is not null) episodes.Add(ToEpisode(current));
        return episodes;
    }

    private static PrescriptionEpisode ToEpisode(List<AlertPrescription> prescriptions) => new(
        prescriptions.Select(p => p.Key).ToList(),
        prescriptions.Select(p => p.Provider).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
        prescriptions[0].AuthoredOn,
        prescriptions[^1].AuthoredOn);
}
