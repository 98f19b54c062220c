import { useState } from 'preact/hooks';
import { encounterNote, medicationRequest, observation, observationKinds } from '../fhir';

type Kind = 'encounter' | 'observation' | 'medication';

/** A physician's new record: an encounter note, an observation (vital sign or lab) or a medication request. */
export function RecordForm({ busy, onAdd }: { busy: boolean; onAdd: (resource: object) => Promise<boolean> }) {
  const [kind, setKind] = useState<Kind>('encounter');
  const [note, setNote] = useState('');
  const [code, setCode] = useState(observationKinds[0]!.code);
  const [value, setValue] = useState('');
  const [medication, setMedication] = useState('');
  const [dosage, setDosage] = useState('');
  const [problem, setProblem] = useState<string | null>(null);

  // The fields are cleared only once the record is stored and visible, so a failed write can be retried as typed.
  const add = async (resource: object) => {
    setProblem(null);
    if (await onAdd(resource)) {
      setNote('');
      setValue('');
      setMedication('');
      setDosage('');
    }
  };

  const submit = () => {
    const now = new Date();
    if (kind === 'encounter') {
      if (!note.trim()) return setProblem('Write the note first.');
      void add(encounterNote(note.trim(), now));
    } else if (kind === 'observation') {
      const number = Number(value);
      if (!value.trim() || !Number.isFinite(number)) return setProblem('The value is a number.');
      void add(observation(observationKinds.find(k => k.code === code)!, number, now));
    } else {
      if (!medication.trim() || !dosage.trim()) return setProblem('Name the medication and its dosage.');
      void add(medicationRequest(medication.trim(), dosage.trim(), now));
    }
    return undefined;
  };

  return (
    <form data-testid="record-form" onSubmit={e => { e.preventDefault(); submit(); }}>
      <select value={kind} onChange={e => setKind(e.currentTarget.value as Kind)} aria-label="Record type" data-testid="record-kind">
        <option value="encounter">Encounter note</option>
        <option value="observation">Observation (vital sign or lab)</option>
        <option value="medication">Medication request</option>
      </select>
      {kind === 'encounter' && (
        <textarea placeholder="Note" value={note} onInput={e => setNote(e.currentTarget.value)} data-testid="record-note" aria-label="Note" />
      )}
      {kind === 'observation' && (
        <fieldset class="grid">
          <select value={code} onChange={e => setCode(e.currentTarget.value)} aria-label="Measurement" data-testid="record-code">
            {observationKinds.map(k => <option key={k.code} value={k.code}>{k.display} ({k.unit})</option>)}
          </select>
          <input type="number" step="any" placeholder="Value" value={value} onInput={e => setValue(e.currentTarget.value)} data-testid="record-value" aria-label="Value" />
        </fieldset>
      )}
      {kind === 'medication' && (
        <fieldset class="grid">
          <input placeholder="Medication" value={medication} onInput={e => setMedication(e.currentTarget.value)} data-testid="record-medication" aria-label="Medication" />
          <input placeholder="Dosage" value={dosage} onInput={e => setDosage(e.currentTarget.value)} data-testid="record-dosage" aria-label="Dosage" />
        </fieldset>
      )}
      <button type="submit" disabled={busy} data-testid="record-submit">Store and publish</button>
      {problem && <p class="error" role="alert">{problem}</p>}
    </form>
  );
}
