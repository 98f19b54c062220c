namespace MedRec.ChainIndexer.Reconciliation;

/// <summary>What reconciliation compared, and every difference between the chain and the mirror.</summary>
public sealed record ReconciliationReport(
    ulong Head, int Patients, int Providers, int Relationships, int Pointers, int Grants, IReadOnlyList<string> Differences, int Researchers = 0)
{
    public bool Matches => Differences.Count == 0;
}
