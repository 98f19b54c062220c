using MedRec.Grains.Abstractions.Research;
using MedRec.Grains.Records;
using MedRec.Grains.Research;

namespace MedRec.Grains.Tests.Research;

public sealed class ResearchReleaseTests
{
    private static readonly ResearchQuery ByYear = ResearchQuery.Parse("Observation?measure=mean&code=http://loinc.org|8480-6&group=year");

    private static ResearchCellShare Share(int year, long records, double sum, params ulong[] patients) =>
        new(new ResearchCellKey(year, null, null, null, null), patients, records, sum);

    [Fact]
    public void Patients_at_two_providers_count_once_and_a_cell_with_k_distinct_patients_is_released()
    {
        var cells = ResearchRelease.Release(ByYear, [Share(2023, 2, 200, 1, 2), Share(2023, 2, 100, 2, 3)], k: 3);

        var cell = Assert.Single(cells);
        Assert.Null(cell.Suppressed);
        Assert.Equal(3, cell.Patients);
        Assert.Equal(4, cell.Records);
        Assert.Equal(75, cell.Mean);
    }

    [Fact]
    public void A_cell_below_k_is_suppressed_without_values_and_the_smallest_other_cell_complements_it()
    {
        var cells = ResearchRelease.Release(ByYear,
            [Share(2021, 5, 500, 1, 2, 3, 4, 5), Share(2022, 3, 300, 6, 7, 8), Share(2023, 1, 100, 9), Share(2023, 1, 100, 9)], k: 3);

        Assert.Equal([2021, 2022, 2023], cells.Select(c => c.Key.Year!.Value));
        Assert.Equal([null, ResearchSuppression.Complementary, ResearchSuppression.BelowK], cells.Select(c => c.Suppressed));
        Assert.All(cells.Where(c => c.Suppressed is not null), c => Assert.True(c.Patients is null && c.Records is null && c.Mean is null));
        Assert.Equal(5, cells[0].Patients);
    }

    [Fact]
    public void Suppressed_cells_that_hold_k_patients_together_need_no_complement()
    {
        var cells = ResearchRelease.Release(ByYear,
            [Share(2021, 5, 5, 1, 2, 3, 4, 5), Share(2022, 2, 2, 6, 7), Share(2023, 2, 2, 8, 9)], k: 3);

        Assert.Equal([null, ResearchSuppression.BelowK, ResearchSuppression.BelowK], cells.Select(c => c.Suppressed));
    }

    [Fact]
    public void Nothing_below_k_suppresses_nothing_and_an_empty_answer_has_no_cells()
    {
        Assert.All(ResearchRelease.Release(ByYear, [Share(2021, 3, 3, 1, 2, 3), Share(2022, 3, 3, 4, 5, 6)], k: 3), c => Assert.Null(c.Suppressed));
        Assert.Empty(ResearchRelease.Release(ByYear, [], k: 3));
    }
}
