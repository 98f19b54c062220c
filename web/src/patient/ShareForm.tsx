import { useState } from 'preact/hooks';
import { PURPOSES, PURPOSE_LABELS } from '../api/purposes';
import type { Purpose } from '../api/types';

/** Shares the selected records with a viewer until an expiry, for the checked purposes of use (a grant per record set,
 * which is what the chain knows). */
export function ShareForm({ pointerCount, recordCount, busy, onShare }: {
  pointerCount: number;
  recordCount: number;
  busy: boolean;
  onShare: (viewer: string, expiresAt: Date, purposes: Purpose[]) => void;
}) {
  const [viewer, setViewer] = useState('');
  const [expires, setExpires] = useState(toLocalInput(new Date(Date.now() + 7 * 24 * 3600 * 1000)));
  const [purposes, setPurposes] = useState<Purpose[]>([...PURPOSES]);
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form data-testid="share-form" onSubmit={e => {
      e.preventDefault();
      const at = new Date(expires);
      if (!/^0x[0-9a-fA-F]{40}$/.test(viewer.trim())) return setProblem('The viewer address is 0x followed by 40 hex digits.');
      if (Number.isNaN(at.getTime()) || at.getTime() <= Date.now()) return setProblem('Pick an expiry in the future.');
      if (purposes.length === 0) return setProblem('Pick at least one purpose the viewer may read for.');
      setProblem(null);
      onShare(viewer.trim(), at, PURPOSES.filter(p => purposes.includes(p)));
    }}>
      <fieldset class="grid">
        <label>Viewer address
          <input value={viewer} onInput={e => setViewer(e.currentTarget.value)} placeholder="0x…" data-testid="share-viewer" />
        </label>
        <label>Access until
          <input type="datetime-local" step={1} value={expires} onInput={e => setExpires(e.currentTarget.value)} data-testid="share-expires" />
        </label>
      </fieldset>
      <fieldset data-testid="share-purposes">
        <legend>For the purposes of</legend>
        {PURPOSES.map(p => (
          <label key={p}>
            <input type="checkbox" checked={purposes.includes(p)} data-testid="share-purpose" data-purpose={p}
              onChange={e => {
                const checked = e.currentTarget.checked;
                setPurposes(current => checked ? [...current.filter(c => c !== p), p] : current.filter(c => c !== p));
              }} />
            {PURPOSE_LABELS[p]}
          </label>
        ))}
      </fieldset>
      <button type="submit" disabled={busy || pointerCount === 0} data-testid="share-submit">
        Share {recordCount} selected record(s)
      </button>
      {pointerCount > 0 && (
        <small> The chain grants access per record set: this shares {pointerCount} set(s), including any other records in them.</small>
      )}
      {problem && <p class="error" role="alert">{problem}</p>}
    </form>
  );
}

/** A date as the value of a datetime-local input (local time, seconds precision). */
export function toLocalInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}
