import type { RelationshipView } from '../api/types';
import { AddressLabel } from '../components/AddressLabel';
import { StatusBadge } from '../components/StatusBadge';

/** The summary's relationships, each with its status and the patient's accept / reject. */
export function Relationships({ relationships, busy, onDecide }: {
  relationships: RelationshipView[];
  busy: boolean;
  onDecide: (provider: string, accept: boolean) => void;
}) {
  if (relationships.length === 0) return <p>No provider holds records about you yet.</p>;
  return (
    <table class="striped" data-testid="relationships">
      <thead><tr><th>Provider</th><th>Status</th><th>Record sets</th><th /></tr></thead>
      <tbody>
        {relationships.map(r => (
          <tr key={r.provider} data-testid="relationship" data-provider={r.provider} data-status={r.status}>
            <td><AddressLabel address={r.provider} /></td>
            <td><StatusBadge status={r.status} /></td>
            <td>{r.pointers.length}</td>
            <td class="actions">
              {r.status !== 'accepted' && (
                <button class="small" disabled={busy} onClick={() => onDecide(r.provider, true)} data-testid="accept">Accept</button>
              )}
              {r.status !== 'rejected' && (
                <button class="small secondary outline" disabled={busy} onClick={() => onDecide(r.provider, false)} data-testid="reject">Reject</button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
