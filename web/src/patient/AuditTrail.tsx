import type { AuditAnswer } from '../api/types';
import { describeReason } from '../api/problems';
import { AddressLabel } from '../components/AddressLabel';

/** Who asked for what, granted or denied, across every provider. */
export function AuditTrail({ audit, you }: { audit: AuditAnswer; you: string }) {
  return (
    <div data-testid="audit">
      {audit.providers.filter(p => p.outcome !== 'ok').map(p => (
        <p class="error" key={p.provider}><AddressLabel address={p.provider} /> did not answer: {describeReason(p.reason)}</p>
      ))}
      {audit.entries.length === 0 ? <p>Nobody has looked at your records yet.</p> : (
        <table class="striped">
          <thead><tr><th>When</th><th>Who</th><th>At</th><th>What</th><th>Why</th><th>Decision</th></tr></thead>
          <tbody>
            {audit.entries.map(e => (
              <tr key={e.id} data-testid="audit-entry" data-asker={e.asker} data-granted={String(e.granted)} data-reason={e.reason}
                data-purpose={e.purpose}>
                <td>{new Date(e.time).toLocaleString()}</td>
                <td><AddressLabel address={e.asker} you={you} /></td>
                <td><AddressLabel address={e.provider} /></td>
                <td>{e.action === 'readAudit' || e.action === 'read-audit' ? 'audit trail' : /^0x0+$/.test(e.pointerId) ? 'all records' : `record set ${e.pointerId.slice(0, 10)}…`}</td>
                <td>{purposeLabels[e.purpose] ?? e.purpose}</td>
                <td>{e.granted ? (e.reason.startsWith('break-the-glass')
                  ? <span class="badge badge-emergency" data-testid="audit-emergency">emergency access</span>
                  : <span class="badge badge-accepted">granted</span>) : <span class="badge badge-rejected">denied: {describeReason(e.reason)}</span>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

// How each declared purpose reads in the trail; entries from before purposes say so.
const purposeLabels: Record<string, string> = {
  treatment: 'treatment',
  payment: 'payment',
  operations: 'operations',
  research: 'research',
  emergency: 'emergency',
  'patient-request': 'your request',
  undeclared: 'not declared',
};

