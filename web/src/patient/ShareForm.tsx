import { useState } from 'preact/hooks';

/** Shares the selected records with a viewer until an expiry (a grant per record set, which is what the chain knows). */
export function ShareForm({ pointerCount, recordCount, busy, onShare }: {
  pointerCount: number;
  recordCount: number;
  busy: boolean;
  onShare: (viewer: string, expiresAt: Date) => void;
}) {
  const [viewer, setViewer] = useState('');
  const [expires, setExpires] = useState(toLocalInput(new Date(Date.now() + 7 * 24 * 3600 * 1000)));
  const [problem, setProblem] = useState<string | null>(null);
  return (
    <form data-testid="share-form" onSubmit={e => {
      e.preventDefault();
      const at = new Date(expires);
      if (!/^0x[0-9a-fA-F]{40}$/.test(viewer.trim())) return setProblem('The viewer address is 0x followed by 40 hex digits.');
      if (Number.isNaN(at.getTime()) || at.getTime() <= Date.now()) return setProblem('Pick an expiry in the future.');
      setProblem(null);
      onShare(viewer.trim(), at);
    }}>
      <fieldset class="grid">
        <label>Viewer address
          <input value={viewer} onInput={e => setViewer(e.currentTarget.value)} placeholder="0x…" data-testid="share-viewer" />
        </label>
        <label>Access until
          <input type="datetime-local" step={1} value={expires} onInput={e => setExpires(e.currentTarget.value)} data-testid="share-expires" />
        </label>
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
