import { useState } from 'preact/hooks';

/**
 * Break the glass (docs/adr/0011-break-the-glass.md): a provider without a grant opens a time-limited emergency window on
 * the patient. The justification is kept by this provider; only its salted hash goes on chain. The patient is told at
 * once and every read in the window is flagged in their audit trail.
 */
export function BreakGlassForm({ busy, onOpen }: { busy: boolean; onOpen: (justification: string, minutes: number) => Promise<boolean> }) {
  const [justification, setJustification] = useState('');
  const [minutes, setMinutes] = useState('60');
  const [problem, setProblem] = useState<string | null>(null);

  const submit = async () => {
    setProblem(null);
    const text = justification.trim();
    const duration = Number(minutes);
    if (!text) return setProblem('Say why: the justification is required, and kept with your records.');
    if (text.length > 2000) return setProblem('The justification is at most 2000 characters.');
    if (!Number.isInteger(duration) || duration < 1 || duration > 1440) return setProblem('The window lasts 1 to 1440 minutes.');
    if (await onOpen(text, duration)) setJustification('');
    return undefined;
  };

  return (
    <form data-testid="break-glass-form" onSubmit={e => { e.preventDefault(); void submit(); }}>
      <label>
        Justification
        <textarea value={justification} onInput={e => setJustification(e.currentTarget.value)} data-testid="break-glass-justification"
          placeholder="e.g. unconscious on arrival, medication history needed" />
      </label>
      <label>
        Minutes
        <input type="number" min={1} max={1440} value={minutes} onInput={e => setMinutes(e.currentTarget.value)} data-testid="break-glass-minutes" />
      </label>
      {problem && <p class="error" role="alert" data-testid="break-glass-problem">{problem}</p>}
      <button type="submit" class="secondary" disabled={busy} data-testid="break-glass-open">Open emergency access</button>
    </form>
  );
}
