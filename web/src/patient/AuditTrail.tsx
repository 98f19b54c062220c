import { useEffect, useState } from 'preact/hooks';
import type { AuditAnswer } from '../api/types';
import { describeReason } from '../api/problems';
import { AddressLabel } from '../components/AddressLabel';
import { ErrorMessage } from '../components/ErrorMessage';

/** Who asked for what, granted or denied, across every provider; each entry's inclusion proof on request. */
export function AuditTrail({ audit, you, onProof }: { audit: AuditAnswer; you: string; onProof: (entryId: string) => Promise<unknown> }) {
  return (
    <div data-testid="audit">
      {audit.providers.filter(p => p.outcome !== 'ok').map(p => (
        <p class="error" key={p.provider}><AddressLabel address={p.provider} /> did not answer: {describeReason(p.reason)}</p>
      ))}
      {audit.entries.length === 0 ? <p>Nobody has looked at your records yet.</p> : (
        <table class="striped">
          <thead><tr><th>When</th><th>Who</th><th>At</th><th>What</th><th>Why</th><th>Decision</th><th>Proof</th></tr></thead>
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
                <td><AuditProof entryId={e.id} onProof={onProof} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

type ProofState = { state: 'idle' } | { state: 'loading' } | { state: 'ready'; url: string } | { state: 'failed'; error: unknown };

/** Fetches the entry's Merkle inclusion proof and offers it as a file for `medrec verify-audit-proof --file`. */
function AuditProof({ entryId, onProof }: { entryId: string; onProof: (entryId: string) => Promise<unknown> }) {
  const [proof, setProof] = useState<ProofState>({ state: 'idle' });
  // The Blob URL lives as long as its link.
  useEffect(() => () => { if (proof.state === 'ready') URL.revokeObjectURL(proof.url); }, [proof]);

  const fetchProof = async () => {
    setProof({ state: 'loading' });
    try {
      const json = JSON.stringify(await onProof(entryId), null, 2);
      setProof({ state: 'ready', url: URL.createObjectURL(new Blob([json], { type: 'application/json' })) });
    } catch (error) {
      setProof({ state: 'failed', error });
    }
  };

  return (
    <div data-testid="audit-proof" data-state={proof.state}>
      {proof.state === 'ready'
        ? <a href={proof.url} download={`audit-proof-${entryId}.json`} data-testid="audit-proof-link">audit-proof-{entryId.slice(0, 8)}….json</a>
        : <button class="small outline" type="button" aria-busy={proof.state === 'loading'} disabled={proof.state === 'loading'}
            data-testid="audit-proof-fetch" onClick={() => void fetchProof()}>{proof.state === 'failed' ? 'Try again' : 'Proof'}</button>}
      {proof.state === 'failed' && <ErrorMessage error={proof.error} />}
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

