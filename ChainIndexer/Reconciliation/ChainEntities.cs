using MedRec.Grains.Abstractions.Chain;

namespace MedRec.ChainIndexer.Reconciliation;

/// <summary>Every entity the chain's events name: what reconciliation has to look at.</summary>
internal sealed class ChainEntities
{
    public HashSet<string> Patients { get; } = [];
    public HashSet<string> Providers { get; } = [];
    public HashSet<string> Researchers { get; } = [];
    public HashSet<(string Patient, string Provider)> Relationships { get; } = [];
    public HashSet<(string Patient, string Provider, string PointerId)> Pointers { get; } = [];
    public HashSet<(string Patient, string Provider, string PointerId, string Viewer)> Grants { get; } = [];
    public HashSet<(string Patient, string Provider)> EmergencyWindows { get; } = [];

    public void Add(ChainEvent chainEvent)
    {
        switch (chainEvent)
        {
            case PatientRegistered e: Patients.Add(e.Patient); break;
            case ProviderRegistered e: Providers.Add(e.Provider); break;
            case ResearcherRegistered e: Researchers.Add(e.Researcher); break;
            case RelationshipStatusChanged e: Relationships.Add((e.Patient, e.Provider)); break;
            case PointerPublished e:
                Relationships.Add((e.Patient, e.Provider));
                Pointers.Add((e.Patient, e.Provider, e.PointerId));
                break;
            case AccessGranted e: Grants.Add((e.Patient, e.Provider, e.PointerId, e.Viewer)); break;
            case AccessRevoked e: Grants.Add((e.Patient, e.Provider, e.PointerId, e.Viewer)); break;
            case EmergencyAccessOpened e: EmergencyWindows.Add((e.Patient, e.Provider)); break;
            case EmergencyAccessClosed e: EmergencyWindows.Add((e.Patient, e.Provider)); break;
        }
    }

    public IEnumerable<string> ProvidersOf(string patient) => Relationships.Where(r => r.Patient == patient).Select(r => r.Provider);

    public IEnumerable<string> PatientsOf(string provider) => Relationships.Where(r => r.Provider == provider).Select(r => r.Patient);

    public IEnumerable<string> PointersOf(string patient, string provider) =>
        Pointers.Where(p => p.Patient == patient && p.Provider == provider).Select(p => p.PointerId);

    public IEnumerable<(string PointerId, string Viewer)> GrantsOf(string patient, string provider) =>
        Grants.Where(g => g.Patient == patient && g.Provider == provider).Select(g => (g.PointerId, g.Viewer));
}
