using MedRec.Grains.Abstractions.Access;

namespace MedRec.Grains.Records;

/// <summary>
/// One provider's own database: its FHIR records, the pointers it published (query text + salt, never on chain), the
/// audit trail of its gatekeeper and its break-the-glass justifications (text + salt, only the commitment on chain). PostgreSQL, SQLite and SQL Server implement it; every statement is parameterized.
/// </summary>
public interface IProviderStore
{
    /// <summary>Creates or upgrades the schema with the project's own versioned migrations (idempotent).</summary>
    Task MigrateAsync(CancellationToken cancellationToken);

    /// <summary>The provider's local patient id for a chain address, created on first use.</summary>
    Task<string> LinkPatientAsync(string patientAddress, CancellationToken cancellationToken);

    /// <summary>Stores a FHIR resource for a local patient (its subject/patient reference is set to that patient);
    /// assigns the resource id when it has none. Returns the stored form.</summary>
    Task<StoredRecord> AddRecordAsync(string localPatientId, Hl7.Fhir.Model.Resource resource, CancellationToken cancellationToken);

    /// <summary>Runs a parsed pointer query as parameterized SQL; results in the query's canonical order.</summary>
    Task<IReadOnlyList<StoredRecord>> QueryAsync(PointerQuery query, CancellationToken cancellationToken);

    /// <summary>Runs a research aggregate as parameterized SQL: one row per (patient address, cell), unordered. Every
    /// linked patient is in it; the caller keeps only the consenting ones.</summary>
    Task<IReadOnlyList<ResearchRow>> ResearchRowsAsync(ResearchQuery query, CancellationToken cancellationToken);

    Task SavePointerAsync(PointerDefinition pointer, CancellationToken cancellationToken);

    Task<PointerDefinition?> FindPointerAsync(string pointerId, CancellationToken cancellationToken);

    Task<IReadOnlyList<PointerDefinition>> PointersOfPatientAsync(string patientAddress, CancellationToken cancellationToken);

    /// <summary>
    /// Reads the definitions of several pointers and runs the queries <paramref name="queryOf"/> accepts, all on one
    /// connection and in as few round trips as the database allows (definitions in one statement, the queries in one
    /// batch), in the order of <paramref name="pointerIds"/>. <paramref name="queryOf"/> gets each stored definition and
    /// returns the query to run for it, or null to run none (a definition that does not match the chain).
    /// </summary>
    Task<IReadOnlyList<PointerRead>> ReadPointersAsync(
        IReadOnlyList<string> pointerIds, Func<PointerDefinition, PointerQuery?> queryOf, CancellationToken cancellationToken);

    Task AppendAuditAsync(AuditEntry entry, CancellationToken cancellationToken);

    /// <summary>Appends several audit entries, in order, all or none (one statement per hundred entries, in one
    /// transaction when there are more).</summary>
    Task AppendAuditAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken);

    /// <summary>The audit entries of one asker for one action, newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> AuditOfAskerAsync(string asker, AccessAction action, int limit, CancellationToken cancellationToken);

    /// <summary>The audit entries with seq in [<paramref name="firstSeq"/>, <paramref name="lastSeq"/>], in seq order, at
    /// most <paramref name="limit"/> (what an audit anchor covers, docs/adr/0010-audit-anchors.md).</summary>
    Task<IReadOnlyList<MedRec.Grains.Abstractions.Audit.SequencedAuditEntry>> AuditBySeqAsync(long firstSeq, long lastSeq, int limit, CancellationToken cancellationToken);

    /// <summary>One audit entry by id with its seq, or null.</summary>
    Task<MedRec.Grains.Abstractions.Audit.SequencedAuditEntry?> FindAuditAsync(string id, CancellationToken cancellationToken);

    /// <summary>The audit entries about one patient, newest first.</summary>
    Task<IReadOnlyList<AuditEntry>> AuditOfPatientAsync(string patientAddress, int limit, CancellationToken cancellationToken);

    /// <summary>Stores a break-the-glass justification before its opening is sent (so no window on chain lacks its
    /// text); its <see cref="EmergencyJustification.TransactionHash"/> is stored as given (null: not sent yet).</summary>
    /// <exception cref="StoreConflictException">A justification with this commitment is stored already.</exception>
    Task RecordEmergencyJustificationAsync(EmergencyJustification justification, CancellationToken cancellationToken);

    /// <summary>Notes the transaction that carried the commitment, or "refused: ErrorName" when the contract refused it.</summary>
    /// <exception cref="KeyNotFoundException">No justification has this commitment.</exception>
    Task MarkEmergencyJustificationSentAsync(string justificationCommitment, string transactionHash, CancellationToken cancellationToken);

    /// <summary>The provider's justifications, newest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<EmergencyJustification>> EmergencyJustificationsAsync(int limit, CancellationToken cancellationToken);
}
