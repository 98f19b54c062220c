import type { EmergencyAccessView } from '../api/types';
import { AddressLabel } from '../components/AddressLabel';
import { localTime, openWindows } from './emergency';

/**
 * The patient is told at once (docs/adr/0011-break-the-glass.md): every break-the-glass window in force is announced at
 * the top of the page, and the patient can end it there.
 */
export function EmergencyBanner({ view, busy, nowSeconds, onClose }: {
  view: EmergencyAccessView; busy: boolean; nowSeconds: number; onClose: (provider: string) => void;
}) {
  return (
    <>
      {openWindows(view, nowSeconds).map(w => (
        <div class="emergency-alert" role="alert" key={w.provider} data-testid="emergency-open" data-provider={w.provider}>
          <strong>Emergency access to your records</strong>: <AddressLabel address={w.provider} /> opened it at {localTime(w.openedAt)},
          until {localTime(w.expiresAt)}. Every record it reads is flagged in your audit trail.{' '}
          <button class="small secondary" disabled={busy} data-testid="emergency-close" onClick={() => onClose(w.provider)}>End it now</button>
        </div>
      ))}
    </>
  );
}
