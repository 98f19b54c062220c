import type { RelationshipView } from '../api/types';
import { StatusBadge } from '../components/StatusBadge';

const pointerState: Record<string, string> = {
  new: 'awaiting the patient',
  pendingUpdate: 'accepted earlier; the latest update awaits the patient',
  accepted: 'accepted by the patient',
  rejected: 'rejected by the patient',
  none: '—',
};

/** This provider's relationship with one patient as the mirror shows it: status and published record sets. */
export function PatientRelationship({ relationship }: { relationship: RelationshipView }) {
  return (
    <div data-testid="relationship" data-status={relationship.status}>
      <p>Relationship: <StatusBadge status={relationship.status} /></p>
      {relationship.pointers.length === 0 ? <p>No records published for this patient yet.</p> : (
        <table class="striped" data-testid="pointers">
          <thead><tr><th>Record set</th><th>Version</th><th>Data hash on chain</th><th>Patient</th></tr></thead>
          <tbody>
            {relationship.pointers.map(p => (
              <tr key={p.pointerId} data-testid="pointer" data-pointer={p.pointerId}>
                <td><code>{p.pointerId.slice(0, 10)}…</code></td>
                <td>{p.version}</td>
                <td><code>{p.dataHash.slice(0, 14)}…</code></td>
                <td>{pointerState[relationship.status] ?? relationship.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
