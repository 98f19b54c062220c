import { describePurposes } from '../api/purposes';
import type { GrantInfo } from '../api/types';
import { AddressLabel } from '../components/AddressLabel';

/** The patient's current grants, each revocable. */
export function Grants({ grants, busy, onRevoke }: { grants: GrantInfo[]; busy: boolean; onRevoke: (grant: GrantInfo) => void }) {
  if (grants.length === 0) return <p data-testid="no-grants">You share nothing with anyone right now.</p>;
  return (
    <table class="striped" data-testid="grants">
      <thead><tr><th>Viewer</th><th>Provider</th><th>Record set</th><th>Until</th><th>Purposes</th><th /></tr></thead>
      <tbody>
        {grants.map(g => (
          <tr key={g.provider + g.pointerId + g.viewer} data-testid="grant" data-viewer={g.viewer} data-pointer={g.pointerId}
            data-purposes={g.purposes.join(' ')}>
            <td><AddressLabel address={g.viewer} /></td>
            <td><AddressLabel address={g.provider} /></td>
            <td><code>{g.pointerId.slice(0, 10)}…</code></td>
            <td>{new Date(g.expiresAt * 1000).toLocaleString()}</td>
            <td data-testid="grant-purposes">{describePurposes(g.purposes)}</td>
            <td><button class="small secondary" disabled={busy} onClick={() => onRevoke(g)} data-testid="revoke">Revoke</button></td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
