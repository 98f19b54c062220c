import type { EmergencyAccessView } from '../api/types';
import { AddressLabel } from '../components/AddressLabel';
import { isOpen, localTime } from './emergency';

/** Every break-the-glass window ever opened on the patient, newest first. The justification stays with the provider;
 * the page shows its on-chain commitment, which the provider must later be able to open. */
export function EmergencyWindows({ view, nowSeconds }: { view: EmergencyAccessView; nowSeconds: number }) {
  if (view.windows.length === 0) return <p data-testid="no-emergency">Nobody has opened emergency access to your records.</p>;
  return (
    <table class="striped" data-testid="emergency-windows">
      <thead><tr><th>Provider</th><th>Opened</th><th>Until</th><th>State</th><th>Justification (commitment)</th></tr></thead>
      <tbody>
        {[...view.windows].reverse().map(w => (
          <tr key={w.provider + w.openedAt} data-testid="emergency-window" data-provider={w.provider}
            data-state={w.closedAt !== 0 ? 'ended' : isOpen(w, nowSeconds) ? 'open' : 'expired'}>
            <td><AddressLabel address={w.provider} /></td>
            <td>{localTime(w.openedAt)}</td>
            <td>{localTime(w.expiresAt)}</td>
            <td>{w.closedAt !== 0 ? `ended by you ${localTime(w.closedAt)}` : isOpen(w, nowSeconds) ? <span class="badge badge-rejected">open</span> : 'expired'}</td>
            <td><code>{w.justificationCommitment.slice(0, 10)}…</code></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
