import type { GatekeeperAnswer } from '../api/types';
import { describeReason } from '../api/problems';
import { AddressLabel } from '../components/AddressLabel';
import type { TimelineRecord, WithheldPointer } from '../fhir';

const verdictLabels: Record<string, string> = {
  verified: 'verified',
  dataHashMismatch: 'changed since published',
  queryMismatch: 'query does not match chain',
};

/** Every record across providers, newest first, each with its provider and integrity verdict; rows can be selected. */
export function Timeline({ providers, records, withheld, selected, onToggle }: {
  providers: GatekeeperAnswer[];
  records: TimelineRecord[];
  withheld: WithheldPointer[];
  selected?: Set<string>;
  onToggle?: (record: TimelineRecord) => void;
}) {
  return (
    <div data-testid="timeline">
      <ul class="provider-outcomes">
        {providers.map(p => (
          <li key={p.provider} data-testid="provider-outcome" data-provider={p.provider} data-outcome={p.outcome} data-reason={p.reason ?? ''}>
            <AddressLabel address={p.provider} />: {p.outcome === 'ok' ? `${p.pointers.length} record set(s)` : `${p.outcome} — ${describeReason(p.reason)}`}
          </li>
        ))}
      </ul>
      {withheld.map(w => (
        <p class="error" key={w.provider + w.pointerId} data-testid="withheld">
          Records from <AddressLabel address={w.provider} /> were withheld: {verdictLabels[w.verdict] ?? w.verdict}.
        </p>
      ))}
      {records.length === 0 ? <p>No records to show.</p> : (
        <table class="striped">
          <thead><tr>{onToggle && <th />}<th>Date</th><th>Record</th><th>Details</th><th>Provider</th><th>Integrity</th></tr></thead>
          <tbody>
            {records.map(r => (
              <tr key={r.key} data-testid="record" data-type={r.resourceType} data-provider={r.provider} data-pointer={r.pointerId}>
                {onToggle && (
                  <td><input type="checkbox" checked={selected?.has(r.key)} onChange={() => onToggle(r)} aria-label={`Select ${r.title}`}
                    data-testid="select-record" /></td>
                )}
                <td>{r.date ? new Date(r.date).toLocaleString() : '—'}</td>
                <td>{r.title}{r.patientReported && <span class="badge badge-own">self-reported</span>}</td>
                <td>{r.detail}</td>
                <td><AddressLabel address={r.provider} /></td>
                <td><span class={`badge verdict-${r.verdict}`} data-testid="verdict">{verdictLabels[r.verdict] ?? r.verdict}</span></td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
