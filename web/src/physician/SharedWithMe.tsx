import { useMemo, useState } from 'preact/hooks';
import type { MedRecApi } from '../api/client';
import { purposes, type Purpose } from '../api/signing';
import type { GatekeeperAnswer } from '../api/types';
import { ErrorMessage } from '../components/ErrorMessage';
import { TrendChart } from '../components/TrendChart';
import { timelineOf } from '../fhir';
import { Timeline } from '../patient/Timeline';

/**
 * Records a patient shared with this physician as a viewer (a second opinion). Without a provider it asks every
 * provider of the patient (whole history: each says what it shares or why not); with one, only that provider, whose
 * refusal is shown as the API's error.
 */
export function SharedWithMe({ api }: { api: MedRecApi }) {
  const [patient, setPatient] = useState('');
  const [provider, setProvider] = useState('');
  // Why the records are read, signed into the request (docs/adr/0012-purpose-of-use.md).
  const [purpose, setPurpose] = useState<Purpose>('treatment');
  const [answers, setAnswers] = useState<GatekeeperAnswer[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  // Counts finished reads, so a person (or a test) can tell a fresh answer from the previous one.
  const [reads, setReads] = useState(0);
  const timeline = useMemo(() => answers ? timelineOf(answers) : null, [answers]);

  return (
    <div data-testid="shared-with-me" data-state={loading ? 'loading' : 'done'} data-reads={reads}>
      <form onSubmit={async e => {
        e.preventDefault();
        setLoading(true);
        setError(null);
        setAnswers(null);
        try {
          setAnswers(provider.trim()
            ? [await api.readProviderRecords(patient.trim(), provider.trim(), purpose)]
            : (await api.history(patient.trim(), purpose)).providers);
        } catch (failure) {
          setError(failure);
        } finally {
          setLoading(false);
          setReads(n => n + 1);
        }
      }}>
        <fieldset class="grid">
          <input placeholder="Patient address (0x…)" value={patient} onInput={e => setPatient(e.currentTarget.value)}
            data-testid="shared-patient" aria-label="Patient address" />
          <input placeholder="Provider address (optional)" value={provider} onInput={e => setProvider(e.currentTarget.value)}
            data-testid="shared-provider" aria-label="Provider address" />
          <select value={purpose} onChange={e => setPurpose(e.currentTarget.value as Purpose)}
            data-testid="shared-purpose" aria-label="Purpose of the read">
            {purposes.map(p => <option key={p} value={p}>{purposeLabels[p]}</option>)}
          </select>
          <button type="submit" aria-busy={loading} data-testid="shared-read">Read shared records</button>
        </fieldset>
      </form>
      <ErrorMessage error={error} />
      {answers && timeline && (
        <>
          <TrendChart records={timeline.records} />
          <Timeline providers={answers} records={timeline.records} withheld={timeline.withheld} />
        </>
      )}
    </div>
  );
}

const purposeLabels: Record<Purpose, string> = {
  treatment: 'For treatment',
  payment: 'For payment',
  operations: 'For operations',
  research: 'For research',
  emergency: 'Emergency',
  'patient-request': 'At the patient\'s request',
};
