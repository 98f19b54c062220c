import { useState } from 'preact/hooks';
import { observation, observationKinds, symptomReport } from '../fhir';

const wearableKinds = observationKinds.filter(k => k.category !== 'laboratory');

/** The patient's own records: a symptom report or a wearable reading, as FHIR Observations. */
export function OwnRecordForm({ busy, onAdd }: { busy: boolean; onAdd: (resource: object) => Promise<boolean> }) {
  const [kind, setKind] = useState<'symptom' | 'wearable'>('symptom');
  const [symptom, setSymptom] = useState('');
  const [severity, setSeverity] = useState('mild');
  const [code, setCode] = useState(wearableKinds[0]!.code);
  const [value, setValue] = useState('');
  return (
    <form data-testid="own-record-form" onSubmit={e => {
      e.preventDefault();
      // Cleared only once stored and visible, so a failed write can be retried as typed.
      const clearOnSuccess = (added: Promise<boolean>) => void added.then(ok => { if (ok) { setSymptom(''); setValue(''); } });
      if (kind === 'symptom') {
        if (symptom.trim()) clearOnSuccess(onAdd(symptomReport(symptom.trim(), severity, new Date())));
      } else {
        const number = Number(value);
        if (value.trim() && Number.isFinite(number)) clearOnSuccess(onAdd(observation(wearableKinds.find(k => k.code === code)!, number, new Date())));
      }
    }}>
      <fieldset role="group">
        <button type="button" class={kind === 'symptom' ? '' : 'outline'} onClick={() => setKind('symptom')}>Symptom report</button>
        <button type="button" class={kind === 'wearable' ? '' : 'outline'} onClick={() => setKind('wearable')} data-testid="own-wearable">Wearable reading</button>
      </fieldset>
      {kind === 'symptom' ? (
        <fieldset class="grid">
          <input placeholder="What do you feel?" value={symptom} onInput={e => setSymptom(e.currentTarget.value)} data-testid="own-symptom" aria-label="Symptom" />
          <select value={severity} onChange={e => setSeverity(e.currentTarget.value)} aria-label="Severity">
            <option value="mild">mild</option><option value="moderate">moderate</option><option value="severe">severe</option>
          </select>
        </fieldset>
      ) : (
        <fieldset class="grid">
          <select value={code} onChange={e => setCode(e.currentTarget.value)} aria-label="Measurement" data-testid="own-kind">
            {wearableKinds.map(k => <option key={k.code} value={k.code}>{k.display} ({k.unit})</option>)}
          </select>
          <input type="number" step="any" placeholder="Value" value={value} onInput={e => setValue(e.currentTarget.value)} data-testid="own-value" aria-label="Value" />
        </fieldset>
      )}
      <button type="submit" disabled={busy} data-testid="own-submit">Add to my records</button>
    </form>
  );
}
