// Purposes of use (docs/adr/0012-purpose-of-use.md): the wire names a grant lists, in the chain's bit order.
import type { Purpose } from './types';

export const PURPOSES: readonly Purpose[] = ['treatment', 'payment', 'operations', 'research', 'emergency', 'patient-request'];

export const PURPOSE_LABELS: Record<Purpose, string> = {
  treatment: 'Treatment',
  payment: 'Payment',
  operations: 'Operations',
  research: 'Research',
  emergency: 'Emergency',
  'patient-request': 'My own request',
};

/** How a grant's purposes read in a list: "All purposes" for all six, else their labels. */
export function describePurposes(purposes: readonly Purpose[]): string {
  if (PURPOSES.every(p => purposes.includes(p))) return 'All purposes';
  return PURPOSES.filter(p => purposes.includes(p)).map(p => PURPOSE_LABELS[p]).join(', ');
}
