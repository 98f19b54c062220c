using MedRec.Grains.Alerts;

namespace MedRec.Grains.Tests.Alerts;

public sealed class PrescriptionEpisodesTests
{
    private static readonly DateTimeOffset Day0 = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static AlertPrescription At(string provider, int day, string? id = null) =>
        new($"{provider}/{id ?? day.ToString(System.Globalization.CultureInfo.InvariantCulture)}", provider, Day0.AddDays(day), "0xblock:0");

    [Fact]
    public void Four_providers_within_the_window_make_one_episode_and_three_make_none()
    {
        Assert.Empty(PrescriptionEpisodes.Find([At("a", 0), At("b", 10), At("c", 20), At("a", 30)], threshold: 3, windowDays: 90));
        var episode = Assert.Single(PrescriptionEpisodes.Find([At("a", 0), At("b", 10), At("c", 20), At("d", 89)], 3, 90));
        Assert.Equal(["a", "b", "c", "d"], episode.Providers);
        Assert.Equal((Day0, Day0.AddDays(89)), (episode.First, episode.Last));
    }

    [Fact]
    public void The_window_is_D_days_up_to_each_prescription()
    {
        // d is 90 days after a: a falls out of d's window (the window is the 90 days before, excluding day 0 itself).
        Assert.Empty(PrescriptionEpisodes.Find([At("a", 0), At("b", 10), At("c", 20), At("d", 90)], 3, 90));
    }

    [Fact]
    public void Later_prescriptions_within_D_days_of_the_last_join_the_open_episode_and_a_gap_closes_it()
    {
        var prescriptions = new[]
        {
            At("a", 0), At("b", 1), At("c", 2), At("d", 3), // raises
            At("a", 60), At("e", 140),                       // joins: each within 90 days of the episode's last
            At("a", 400),                                    // a gap: closed, and alone it raises nothing
            At("a", 500), At("b", 501), At("c", 502), At("d", 503), // a second episode
        };
        var episodes = PrescriptionEpisodes.Find(prescriptions, 3, 90);
        Assert.Equal(2, episodes.Count);
        Assert.Equal(6, episodes[0].PrescriptionKeys.Count);
        Assert.Equal(["a", "b", "c", "d", "e"], episodes[0].Providers);
        Assert.Equal(4, episodes[1].PrescriptionKeys.Count);
    }

    [Fact]
    public void Arrival_order_does_not_matter()
    {
        var prescriptions = new[] { At("a", 0), At("b", 5), At("c", 9), At("d", 12), At("e", 50), At("a", 300) };
        var expected = PrescriptionEpisodes.Find(prescriptions, 3, 90);
        var shuffled = PrescriptionEpisodes.Find(prescriptions.Reverse(), 3, 90);
        Assert.Equal(expected.Single().PrescriptionKeys, shuffled.Single().PrescriptionKeys);
    }
}
