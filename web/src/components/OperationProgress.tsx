import { ErrorMessage } from './ErrorMessage';
import type { OperationState } from './useOperation';

const steps = ['pending', 'mined', 'applied'] as const;
const stepLabels: Record<(typeof steps)[number], string> = {
  pending: 'sent to the chain',
  mined: 'mined in a block',
  applied: 'visible in MedRec',
};

/** The progress of the current chain write(s): each 202 operation's state until `applied`. */
export function OperationProgress({ state }: { state: OperationState | null }) {
  if (!state) return null;
  const last = state.statuses[state.statuses.length - 1];
  const reached = last ? steps.indexOf(last.status as (typeof steps)[number]) : -1;
  const finished = state.done && !state.error;
  return (
    <article class="operation" data-testid="operation" data-status={finished ? 'applied' : state.error ? 'failed' : (last?.status ?? 'sending')}
      aria-live="polite">
      <strong>{state.label}</strong>
      <ol class="steps">
        {steps.map((step, index) => (
          <li key={step} class={index <= reached || finished ? 'reached' : ''}>{stepLabels[step]}</li>
        ))}
      </ol>
      {last?.block != null && <small>block {last.block} · transaction <code>{last.operationId.slice(0, 10)}…</code></small>}
      {finished && <p class="ok" data-testid="operation-done">Done: the change is visible in MedRec.</p>}
      <ErrorMessage error={state.error} />
    </article>
  );
}
