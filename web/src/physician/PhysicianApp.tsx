import { useMemo, useState } from 'preact/hooks';
import type { MedRecApi } from '../api/client';
import { ApiError } from '../api/problems';
import type { GatekeeperAnswer, RelationshipView } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';
import { OperationProgress } from '../components/OperationProgress';
import { TrendChart } from '../components/TrendChart';
import { useOperation } from '../components/useOperation';
import { timelineOf } from '../fhir';
import { Timeline } from '../patient/Timeline';
import { BreakGlassForm } from './BreakGlassForm';
import { PatientRelationship } from './PatientRelationship';
import { RecordForm } from './RecordForm';
import { SharedWithMe } from './SharedWithMe';

/** The physician's app, signed in as a provider: find a patient, add records, see acceptance, read what is shared. */
export function PhysicianApp({ api, me }: { api: MedRecApi; me: string }) {
  const [query, setQuery] = useState('');
  const [patient, setPatient] = useState<string | null>(null);
  const [relationship, setRelationship] = useState<RelationshipView | null>(null);
  const [held, setHeld] = useState<GatekeeperAnswer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const timeline = useMemo(() => held ? timelineOf([held]) : null, [held]);

  const loadRelationship = async (address: string) => {
    setError(null);
    try {
      setRelationship(await api.relationship(me, address));
    } catch (e) {
      // No relationship yet is the normal start with a new patient: the first record opens it.
      if (e instanceof ApiError && e.code === 'patient-unknown') setRelationship(null);
      else setError(e);
    }
  };
  const operation = useOperation(api, () => { if (patient) void loadRelationship(patient); });
  const busy = operation.state !== null && !operation.state.done;

  const find = async () => {
    setError(null);
    setHeld(null);
    setRelationship(null);
    operation.clear();
    const address = query.trim().toLowerCase();
    try {
      const participant = await api.participant(address);
      if (participant.role !== 'patient' || !participant.registered) {
        setPatient(null);
        setError(new Error(`${address} is not a registered patient (role: ${participant.role}).`));
        return;
      }
      setPatient(address);
      await loadRelationship(address);
    } catch (e) {
      setPatient(null);
      setError(e);
    }
  };

  return (
    <div class="physician-app" data-testid="physician-app">
      <section>
        <h2>Find a patient</h2>
        <form onSubmit={e => { e.preventDefault(); void find(); }}>
          <fieldset role="group">
            <input placeholder="Patient address (0x…)" value={query} onInput={e => setQuery(e.currentTarget.value)}
              data-testid="find-patient" aria-label="Patient address" />
            <button type="submit" data-testid="find-patient-submit">Find</button>
          </fieldset>
        </form>
        <ErrorMessage error={error} />
      </section>

      {patient && (
        <section data-testid="patient-panel" data-patient={patient}>
          <h2>Patient <code>{patient}</code></h2>
          {relationship ? <PatientRelationship relationship={relationship} /> : <p data-testid="no-relationship">No records of this patient here yet.</p>}
          <button class="small outline" onClick={() => void loadRelationship(patient)} data-testid="refresh-relationship">Refresh</button>{' '}
          <button class="small outline" data-testid="load-held" onClick={async () => {
            setError(null);
            try { setHeld(await api.readProviderRecords(patient, me)); } catch (e) { setError(e); }
          }}>Show records held here</button>
          {held && timeline && (
            <>
              <TrendChart records={timeline.records} />
              <Timeline providers={[held]} records={timeline.records} withheld={timeline.withheld} />
            </>
          )}
          <h3>Add a record</h3>
          <OperationProgress state={operation.state} />
          <RecordForm busy={busy} onAdd={resource =>
            operation.run('Storing the record and publishing its pointer', [() => api.addProviderRecords(me, patient, [resource])])} />
          <h3>Emergency access (break the glass)</h3>
          <BreakGlassForm busy={busy} onOpen={(justification, minutes) =>
            operation.run(`Opening emergency access for ${minutes} min`, [() => api.openEmergencyAccess(me, patient, justification, minutes)])} />
        </section>
      )}

      <section>
        <h2>Shared with me</h2>
        <SharedWithMe api={api} />
      </section>
    </div>
  );
}
