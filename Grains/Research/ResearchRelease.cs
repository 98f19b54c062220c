using MedRec.Grains.Abstractions.Research;
using MedRec.Grains.Records;

namespace MedRec.Grains.Research;

/// <summary>
/// Merges the providers' shares and decides what is released: a cell with fewer than k distinct patients (union of the
/// keyed hashes across providers) is suppressed (<see cref="ResearchSuppression.BelowK"/>); when the suppressed cells
/// together hold fewer than k distinct patients, the smallest released cells are suppressed too
/// (<see cref="ResearchSuppression.Complementary"/>) until they hold at least k, so that no total (this query's, or an
/// ungrouped query's) minus the released cells isolates fewer than k patients. No totals are released.
/// </summary>
public static class ResearchRelease
{
    public static IReadOnlyList<ResearchCell> Release(ResearchQuery query, IEnumerable<ResearchCellShare> shares, int k)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(shares);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var merged = new Dictionary<ResearchCellKey, (HashSet<ulong> Patients, long Records, double Sum)>();
        foreach (var share in shares)
        {
            if (!merged.TryGetValue(share.Cell, out var cell)) cell = ([], 0, 0);
            cell.Patients.UnionWith(share.PatientHashes);
            merged[share.Cell] = (cell.Patients, cell.Records + share.Records, cell.Sum + share.ValueSum);
        }

        var suppressed = new Dictionary<ResearchCellKey, string>();
        var suppressedPatients = new HashSet<ulong>();
        foreach (var (key, cell) in merged.Where(c => c.Value.Patients.Count < k))
        {
            suppressed[key] = ResearchSuppression.BelowK;
            suppressedPatients.UnionWith(cell.Patients);
        }

        if (suppressed.Count > 0)
        {
            foreach (var (key, cell) in merged.Where(c => !suppressed.ContainsKey(c.Key)).OrderBy(c => c.Value.Patients.Count).ThenBy(c => c.Key, CellOrder.Instance))
            {
                if (suppressedPatients.Count >= k) break;
                suppressed[key] = ResearchSuppression.Complementary;
                suppressedPatients.UnionWith(cell.Patients);
            }
        }

        return merged.OrderBy(c => c.Key, CellOrder.Instance).Select(c => suppressed.TryGetValue(c.Key, out var reason)
                ? new ResearchCell(c.Key, reason, null, null, null)
                : new ResearchCell(c.Key, null, c.Value.Patients.Count, c.Value.Records,
                    query.Measure == ResearchMeasure.Mean && c.Value.Records > 0 ? c.Value.Sum / c.Value.Records : null))
            .ToList();
    }

    /// <summary>Cells in a fixed order: year, category, system, code, bucket, with the missing value first.</summary>
    public sealed class CellOrder : IComparer<ResearchCellKey>
    {
        public static readonly CellOrder Instance = new();

        public int Compare(ResearchCellKey? x, ResearchCellKey? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null) return -1;
            if (y is null) return 1;
            var c = Nullable.Compare(x.Year, y.Year);
            if (c == 0) c = string.CompareOrdinal(x.Category, y.Category);
            if (c == 0) c = string.CompareOrdinal(x.CodeSystem, y.CodeSystem);
            if (c == 0) c = string.CompareOrdinal(x.Code, y.Code);
            if (c == 0) c = Nullable.Compare(x.Bucket, y.Bucket);
            return c;
        }
    }
}
