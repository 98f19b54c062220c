import { useEffect, useMemo, useState } from 'preact/hooks';
import type { MedRecApi } from '../api/client';
import type { AuditAnswer, EmergencyAccessView, GrantInfo, HistoryAnswer, PatientSummary } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';
import { OperationProgress } from '../components/OperationProgress';
import { TrendChart } from '../components/TrendChart';
import { useOperation } from '../components/useOperation';
import { timelineOf, type TimelineRecord } from '../fhir';
import { AccessView } from './AccessView';
import { AuditTrail } from './AuditTrail';
import { EmergencyBanner } from './EmergencyBanner';
import { EmergencyWindows } from './EmergencyWindows';
import { Grants } from './Grants';
import { OwnRecordForm } from './OwnRecordForm';
import { Relationships } from './Relationships';
import { ShareForm } from './ShareForm';
import { Timeline } from './Timeline';

/** The patient's view of their own MedRec: relationships, records, sharing, own records, audit (with inclusion proofs),
 * who could see the records at a time, and research consent. */
export function PatientView({ api, me }: { api: MedRecApi; me: string }) {
  const [summary, setSummary] = useState<PatientSummary | null>(null);
  const [grants, setGrants] = useState<GrantInfo[] | null>(null);
  const [history, setHistory] = useState<HistoryAnswer | null>(null);
  const [audit, setAudit] = useState<AuditAnswer | null>(null);
  const [emergency, setEmergency] = useState<EmergencyAccessView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState<string | null>(null);
  const [selected, setSelected] = useState<Map<string, TimelineRecord>>(new Map());
  // Counts finished history loads, so a person (or a test) can tell the fresh timeline from the previous one.
  const [historyLoads, setHistoryLoads] = useState(0);

  const load = async (what: string, action: () => Promise<void>) => {
    setLoading(what);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setLoading(null);
    }
  };
  const loadSummary = () => load('summary', async () => {
    const [s, g, e] = await Promise.all([api.summary(me), api.grants(me), api.emergencyAccess(me)]);
    setSummary(s);
    setGrants(g);
    setEmergency(e);
  });
  const loadHistory = () => load('records', async () => {
    try {
      setHistory(await api.history(me));
      setSelected(new Map());
    } finally {
      setHistoryLoads(n => n + 1);
    }
  });
  const loadAudit = () => load('audit', async () => setAudit(await api.audit(me)));

  const operation = useOperation(api, () => void loadSummary());
  const busy = operation.state !== null && !operation.state.done;

  useEffect(() => { void loadSummary(); }, [me]);

  const timeline = useMemo(() => history ? timelineOf(history.providers) : null, [history]);
  const selectedPointers = useMemo(() => {
    const pointers = new Map<string, { provider: string; pointerId: string }>();
    for (const r of selected.values()) pointers.set(`${r.provider}/${r.pointerId}`, { provider: r.provider, pointerId: r.pointerId });
    return [...pointers.values()];
  }, [selected]);

  return (
    <div class="patient-view" data-testid="patient-view" data-history-loads={historyLoads}>
      <ErrorMessage error={error} />
      {loading && <p aria-busy="true" data-testid="loading">Loading {loading}…</p>}
      <OperationProgress state={operation.state} />
      {emergency && <EmergencyBanner view={emergency} busy={busy} nowSeconds={Math.floor(Date.now() / 1000)}
        onClose={provider => void operation.run('Ending emergency access', [() => api.closeEmergencyAccess(me, provider)])} />}

      <section>
        <h2>My providers <button class="small outline" onClick={() => void loadSummary()} data-testid="refresh-summary">Refresh</button></h2>
        {summary && (
          <Relationships relationships={summary.relationships} busy={busy} onDecide={(provider, accept) =>
            void operation.run(accept ? 'Accepting the relationship' : 'Rejecting the relationship',
              [() => api.setRelationship(me, provider, accept)])} />
        )}
      </section>

      <section>
        <h2>My records <button class="small" onClick={() => void loadHistory()} data-testid="load-history">Load all my records</button></h2>
        {history && timeline && (
          <>
            <TrendChart records={timeline.records} />
            <Timeline providers={history.providers} records={timeline.records} withheld={timeline.withheld}
              selected={new Set(selected.keys())}
              onToggle={r => setSelected(current => {
                const next = new Map(current);
                if (next.has(r.key)) next.delete(r.key); else next.set(r.key, r);
                return next;
              })} />
            <h3>Share selected records</h3>
            <ShareForm pointerCount={selectedPointers.length} recordCount={selected.size} busy={busy} onShare={(viewer, at, purposes) =>
              void operation.run(`Sharing ${selected.size} record(s) with ${viewer}`, selectedPointers.map(p => () =>
                api.grant(me, { viewer, provider: p.provider, pointerId: p.pointerId, expiresAt: Math.floor(at.getTime() / 1000), purposes })))} />
          </>
        )}
      </section>

      <section>
        <h2>Shared with others</h2>
        {grants && <Grants grants={grants} busy={busy} onRevoke={g =>
          void operation.run(`Revoking ${g.viewer}'s access`, [() => api.revoke(me, g.provider, g.pointerId, g.viewer)])} />}
      </section>

      <section>
        <h2>Emergency access</h2>
        {emergency && <EmergencyWindows view={emergency} nowSeconds={Math.floor(Date.now() / 1000)} />}
      </section>

      <section>
        <h2>Add my own record</h2>
        <OwnRecordForm busy={busy} onAdd={resource => operation.run('Adding your record', [() => api.addPatientRecords(me, [resource])])} />
      </section>

      <section>
        <h2>Research</h2>
        {summary && (
          <p data-testid="research" data-consent={String(summary.researchConsent)}>
            {summary.researchConsent
              ? 'You allow anonymized research on your records (only in groups large enough that you cannot be singled out).'
              : 'Your records are not used for research.'}{' '}
            <button class="small outline" disabled={busy} data-testid="research-toggle" onClick={() =>
              void operation.run(summary.researchConsent ? 'Opting out of research' : 'Opting in to research',
                [() => api.setResearchConsent(me, !summary.researchConsent)])}>
              {summary.researchConsent ? 'Opt out' : 'Opt in'}
            </button>
          </p>
        )}
      </section>

      <section>
        <h2>Who looked at my records <button class="small outline" onClick={() => void loadAudit()} data-testid="load-audit">Show audit trail</button></h2>
        {audit && <AuditTrail audit={audit} you={me} onProof={entryId => api.auditProof(me, entryId)} />}
      </section>

      <section>
        <h2>Who could see my records at a time</h2>
        <AccessView api={api} me={me} />
      </section>
    </div>
  );
}
