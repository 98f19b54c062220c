import type { EmergencyAccessView, EmergencyWindow } from '../api/types';

/** Whether a window is in force now: not ended by the patient and not expired (the gatekeepers' rule). */
export const isOpen = (w: EmergencyWindow, nowSeconds: number) => w.closedAt === 0 && nowSeconds < w.expiresAt;

/** Each provider's window in force: a provider's newer opening replaces its older one, as in the contract. */
export function openWindows(view: EmergencyAccessView, nowSeconds: number): EmergencyWindow[] {
  const latest = new Map(view.windows.map(w => [w.provider, w]));
  return [...latest.values()].filter(w => isOpen(w, nowSeconds));
}

export const localTime = (seconds: number) => new Date(seconds * 1000).toLocaleString();
