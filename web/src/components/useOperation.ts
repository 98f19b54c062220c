import { useState } from 'preact/hooks';
import type { MedRecApi } from '../api/client';
import { followOperation } from '../api/operations';
import type { OperationAccepted, OperationStatus } from '../api/types';

/** One chain write as the UI shows it: what it is, how far it got, or why it failed. */
export interface OperationState {
  label: string;
  statuses: OperationStatus[];
  error?: unknown;
  done: boolean;
}

/**
 * Runs chain writes one after another and follows each 202 operation until the mirror applied it, so the screen can
 * show pending → mined → applied and refresh only once the change is visible.
 */
export function useOperation(api: MedRecApi | null, onApplied: () => void) {
  const [state, setState] = useState<OperationState | null>(null);

  async function run(label: string, writes: Array<() => Promise<OperationAccepted>>): Promise<boolean> {
    if (!api) return false;
    setState({ label, statuses: [], done: false });
    try {
      for (const write of writes) {
        const accepted = await write();
        await followOperation(api, accepted, status => setState(s => s && { ...s, statuses: [...s.statuses, status] }));
      }
      setState(s => s && { ...s, done: true });
      onApplied();
      return true;
    } catch (error) {
      setState(s => s && { ...s, error, done: true });
      return false;
    }
  }

  return { state, run, clear: () => setState(null) };
}
